"""/subscribe, /unsubscribe, /digest, /subscriptions and the daily JobQueue jobs."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.ext import Application, ContextTypes

from bot import texts
from bot.digest import local_now
from bot.services import is_admin, services

log = logging.getLogger(__name__)
_TIME = re.compile(r"^([01]?\d|2[0-3])[:hH.]([0-5]\d)$")
DEFAULT_TIME = "08:00"
# per-chat options: hide/show the most-asked questions, send/skip a notice when nothing changed
_FLAGS = {"-cauhoi": ("show_questions", False), "+cauhoi": ("show_questions", True),
          "+trong": ("notify_empty", True), "-trong": ("notify_empty", False)}


def _thread_id(update: Update) -> int:
    message = update.effective_message
    return message.message_thread_id if message and message.is_topic_message else 0


async def _may_manage(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    chat, user = update.effective_chat, update.effective_user
    if chat.type == ChatType.PRIVATE or is_admin(context, user.id if user else None):
        return True
    member = await context.bot.get_chat_member(chat.id, user.id)
    return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


def schedule(app: Application, sub) -> None:
    """One daily job per subscription, named by chat and topic; the old one is removed first."""
    for job in app.job_queue.get_jobs_by_name(sub.key):
        job.schedule_removal()
    if not sub.active:
        return
    hour, minute = map(int, sub.at.split(":"))
    tz = ZoneInfo(services_of(app).settings.timezone)
    app.job_queue.run_daily(_digest_job, time=dt.time(hour, minute, tzinfo=tz), name=sub.key,
                            data=(sub.chat_id, sub.thread_id))


def services_of(app: Application):
    return app.bot_data["services"]


async def _digest_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = services(context)
    chat_id, thread_id = context.job.data
    sub = await asyncio.to_thread(svc.subscriptions.get, chat_id, thread_id)
    if sub is None or not sub.active:
        context.job.schedule_removal()
        return
    await svc.digests.send(context.bot, sub, local_now(svc.settings.timezone))


async def catch_up(context: ContextTypes.DEFAULT_TYPE) -> None:
    """At start-up: send digests whose time passed today while the bot was down."""
    sent = await services(context).digests.deliver_due(context.bot)
    if sent:
        log.info("sent %d missed digest(s) at start-up", sent)


async def on_subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/subscribe [HH:MM]"""
    svc = services(context)
    args = [a.lower() for a in context.args or []]
    flags = {a for a in args if a in _FLAGS}
    times = [a for a in args if a not in _FLAGS]
    match = _TIME.match(times[0]) if times else None
    if len(times) > 1 or (times and not match):
        await update.effective_message.reply_text(texts.SUBSCRIBE_USAGE)
        return
    if not await _may_manage(update, context):
        await update.effective_message.reply_text(texts.SUBSCRIBE_NOT_ADMIN)
        return
    at = f"{int(match.group(1)):02d}:{match.group(2)}" if match else DEFAULT_TIME
    chat_id, thread_id = update.effective_chat.id, _thread_id(update)
    last = await asyncio.to_thread(svc.answers.engine.last_change_id)
    await asyncio.to_thread(svc.subscriptions.upsert, chat_id, thread_id, at, last)
    for flag in flags:
        column, value = _FLAGS[flag]
        await asyncio.to_thread(svc.subscriptions.set_option, chat_id, thread_id, column, value)
    schedule(context.application, await asyncio.to_thread(svc.subscriptions.get, chat_id, thread_id))
    where = texts.IN_TOPIC if thread_id else ""
    await update.effective_message.reply_text(texts.SUBSCRIBED.format(at=at, tz=svc.settings.timezone, where=where))


async def on_unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/unsubscribe"""
    svc = services(context)
    chat_id, thread_id = update.effective_chat.id, _thread_id(update)
    if await asyncio.to_thread(svc.subscriptions.get, chat_id, thread_id) is None:
        await update.effective_message.reply_text(texts.NOT_SUBSCRIBED)
        return
    if not await _may_manage(update, context):
        await update.effective_message.reply_text(texts.SUBSCRIBE_NOT_ADMIN)
        return
    await asyncio.to_thread(svc.subscriptions.deactivate, chat_id, thread_id)
    schedule(context.application, await asyncio.to_thread(svc.subscriptions.get, chat_id, thread_id))
    await update.effective_message.reply_text(texts.UNSUBSCRIBED.format(where=texts.IN_TOPIC if thread_id else ""))


async def on_digest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/digest: today's digest now (does not count as the daily delivery)."""
    svc = services(context)
    chat_id, thread_id = update.effective_chat.id, _thread_id(update)
    sub = await asyncio.to_thread(svc.subscriptions.get, chat_id, thread_id)
    if sub is None:
        await update.effective_message.reply_text(texts.NOT_SUBSCRIBED)
        return
    now = local_now(svc.settings.timezone)
    html, _ = await asyncio.to_thread(svc.digests.content, sub, now.date().isoformat())
    await update.effective_message.reply_text(html or texts.DIGEST_NOTHING, parse_mode=ParseMode.HTML)


async def on_subscriptions(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/subscriptions: this chat's digest settings."""
    subs = await asyncio.to_thread(services(context).subscriptions.for_chat, update.effective_chat.id)
    if not subs:
        await update.effective_message.reply_text(texts.NOT_SUBSCRIBED)
        return
    yes_no = {True: "có", False: "không"}
    lines = [texts.SUBSCRIPTIONS] + [texts.SUBSCRIPTION_LINE.format(
        where=f"chủ đề {s.thread_id}" if s.thread_id else "cả nhóm", at=s.at,
        state="đang bật" if s.active else "đã tắt", questions=yes_no[bool(s.show_questions)],
        empty=yes_no[bool(s.notify_empty)]) for s in subs]
    await update.effective_message.reply_text("\n".join(lines), parse_mode=ParseMode.HTML)


async def on_migrate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group upgraded to a supergroup keeps its subscriptions."""
    message = update.effective_message
    if message.migrate_to_chat_id:
        svc = services(context)
        await asyncio.to_thread(svc.subscriptions.migrate_chat, message.chat_id, message.migrate_to_chat_id)
        for sub in await asyncio.to_thread(svc.subscriptions.for_chat, message.migrate_to_chat_id):
            schedule(context.application, sub)


def restore(app: Application) -> None:
    """Reschedule saved subscriptions and queue the start-up catch-up."""
    svc = services_of(app)
    for sub in svc.subscriptions.active():
        schedule(app, sub)
    app.job_queue.run_once(catch_up, when=1, name="digest-catch-up")
