"""Telegram handlers for questions and user commands: parse the update, call one service, render.
Services are in bot/services.py, sending in bot/delivery.py, wiring in bot/app.py."""

from __future__ import annotations

import asyncio
import html
import logging
import sqlite3
import uuid

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.ext import ContextTypes

from bot import delivery, render, texts
from bot.limits import QueueFull
from bot.services import Services, current_examples, is_admin, services

log = logging.getLogger(__name__)


# -- deciding whether a message is for us -----------------------------------------------------
def addressed_question(message: Message, bot_username: str, bot_id: int) -> str | None:
    """The question in a message, or None when the message is not meant for the bot."""
    text = message.text or ""
    if message.chat.type == ChatType.PRIVATE:
        return text
    mention = f"@{bot_username}".lower()
    if bot_username and mention in text.lower():
        start = text.lower().index(mention)
        return (text[:start] + text[start + len(mention):]).strip(" ,:")
    reply = message.reply_to_message
    if reply and reply.from_user and reply.from_user.id == bot_id:
        return text
    return None


# -- answering ----------------------------------------------------------------------------------
def _feedback_keyboard(question_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton("👍", callback_data=f"fb:{question_id}:1"),
                                  InlineKeyboardButton("👎", callback_data=f"fb:{question_id}:-1")]])


async def answer_question(update: Update, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
    svc = services(context)
    message, user = update.effective_message, update.effective_user
    wait = svc.limiter.check(user.id if user else message.chat_id)
    if wait:
        await message.reply_text(texts.RATE_LIMITED.format(seconds=svc.limiter.seconds_text(wait)), do_quote=True)
        return
    if len(question) > svc.settings.max_question_chars:
        await message.reply_text(texts.TOO_LONG.format(limit=svc.settings.max_question_chars), do_quote=True)
        return
    context_text = _follow_up_context(svc, message)
    progress = delivery.Progress(message, quiet=lambda: svc.queue.waiting > 0)
    notice: list[asyncio.Task] = []

    def tell_place_later(ticket: int) -> None:
        notice.append(delivery.later(svc.settings.queue_notice_after_s, lambda: message.reply_text(
            texts.QUEUED.format(position=svc.queue.position(ticket)), do_quote=True)))
    try:
        async with svc.queue.slot(tell_place_later):
            delivery.cancel(notice)
            typing = delivery.typing(message)
            try:
                if getattr(svc.answers, "streams", False):
                    result = await svc.answers.stream(question, context_text, progress.show)
                else:
                    result = await asyncio.to_thread(svc.answers.answer, question, context_text)
            finally:
                delivery.cancel([typing])
    except QueueFull:
        await message.reply_text(texts.BUSY, do_quote=True)
        return
    finally:
        delivery.cancel(notice)
    qid = await _record(svc.state.record_answer, message.chat_id, user.id if user else None, question, result)
    keyboard = _feedback_keyboard(qid) if qid is not None else None
    sent = await progress.deliver(render.answer_messages(result), keyboard)
    svc.memory.remember(message.chat_id, sent.message_id, question, result.text)
    if qid is not None:
        await _record(svc.state.attach_message, qid, sent.message_id)


async def _record(method, *args):
    """State writes must not cost the user the answer (e.g. the SQLite file is locked)."""
    try:
        return await asyncio.to_thread(method, *args)
    except sqlite3.Error as exc:
        log.error("could not record to chat state (%s); answering without feedback buttons", exc)
        return None


def _follow_up_context(svc: Services, message: Message) -> str:
    reply = message.reply_to_message
    if not reply:
        return ""
    exchange = svc.memory.recall(message.chat_id, reply.message_id)
    return exchange.as_context() if exchange else ""


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any text: a question in private chats; in groups only when addressed to the bot."""
    question = addressed_question(update.effective_message, context.bot.username, context.bot.id)
    if question is None:
        return
    await answer_question(update, context, question)


async def on_ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ask question"""
    question = " ".join(context.args or []).strip()
    if not question:
        example = (await current_examples(services(context)) or ["Ai ký văn bản?"])[0]
        await update.effective_message.reply_text(texts.ASK_USAGE.format(example=example), do_quote=True)
        return
    await answer_question(update, context, question)


# -- commands -------------------------------------------------------------------------------------
async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: welcome with example questions from the documents."""
    examples = "\n".join(f"• {html.escape(q)}" for q in await current_examples(services(context))) or texts.NO_EXAMPLES
    await update.effective_message.reply_text(texts.WELCOME.format(examples=examples), parse_mode=ParseMode.HTML)


async def on_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help"""
    await update.effective_message.reply_text(texts.HELP.format(username=html.escape(context.bot.username)),
                                              parse_mode=ParseMode.HTML)


async def on_docs(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/docs: the documents the bot knows."""
    gen = services(context).answers.generation
    metas = list(gen.metas.values()) if gen else []
    for chunk in render.docs_list(metas, gen.validity if gen else None):
        await update.effective_message.reply_text(chunk, parse_mode=ParseMode.HTML)


async def on_forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/forget: clear this chat's conversation memory."""
    services(context).memory.forget(update.effective_chat.id)
    await update.effective_message.reply_text(texts.FORGOTTEN)


async def on_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stats (admins): questions per day, not-found rate, feedback, top unanswered."""
    user = update.effective_user
    if not is_admin(context, user.id if user else None):
        log.warning("non-admin %s tried /stats", user.id if user else "?")
        await update.effective_message.reply_text(texts.NOT_ADMIN)
        return
    svc = services(context)
    stats = await asyncio.to_thread(svc.state.stats, svc.settings.timezone)
    await update.effective_message.reply_text(render.stats_text(stats), parse_mode=ParseMode.HTML)


async def on_feedback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """👍 / 👎 under an answer."""
    query = update.callback_query
    try:
        _, qid, vote = query.data.split(":")
        stored = await asyncio.to_thread(services(context).state.vote, int(qid), query.from_user.id, int(vote))
    except ValueError:
        stored = False
    await query.answer(texts.FEEDBACK_THANKS if stored else texts.FEEDBACK_UNKNOWN)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the exception with an id, tell the user briefly."""
    error_id = uuid.uuid4().hex[:8]
    log.error("error %s while handling an update", error_id, exc_info=context.error)
    if isinstance(update, Update) and update.effective_message:
        try:
            await update.effective_message.reply_text(texts.ERROR.format(error_id=error_id))
        except Exception:  # the error may be that Telegram is unreachable
            log.warning("could not tell the user about error %s", error_id)
