"""Telegram handlers: parse the update, call one service, render. Wiring is in bot/app.py."""

from __future__ import annotations

import asyncio
import html
import sqlite3
import logging
import uuid
from dataclasses import dataclass, field

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot import render, texts
from bot.examples import pick_examples
from bot.limits import AnswerQueue, QueueFull, UserRateLimiter
from bot.memory import ConversationMemory
from bot.settings import Settings
from bot.state import ChatState
from bot.streaming import ThrottledEditor

log = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    answers: object           # bot.service.AnswerService (or a test double with answer/stream)
    state: ChatState
    memory: ConversationMemory
    limiter: UserRateLimiter
    queue: AnswerQueue
    library: object = None    # retrieval.library.Library
    subscriptions: object = None  # bot.subscriptions.Subscriptions
    digests: object = None        # bot.digest.DigestService
    admin_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    examples: list[str] = field(default_factory=list)
    examples_for: str = ""        # the index generation the examples were checked against
    username: str = ""


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.bot_data["services"]


async def current_examples(svc: Services) -> list[str]:
    """Example questions checked against the index being served (picked again after a reload)."""
    engine = getattr(svc.answers, "engine", None)
    gen = engine.generation if engine is not None else None
    if gen is not None and svc.examples_for != gen.dir:
        svc.examples = await asyncio.to_thread(pick_examples, engine)
        svc.examples_for = gen.dir
    return svc.examples


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


async def send_html(message: Message, chunks: list[str], keyboard=None) -> Message:
    """Reply with one or more HTML messages; falls back to plain text if Telegram rejects markup."""
    sent = None
    for i, chunk in enumerate(chunks):
        markup = keyboard if i == len(chunks) - 1 else None
        try:
            sent = await message.reply_text(chunk, parse_mode=ParseMode.HTML, do_quote=i == 0,
                                            reply_markup=markup)
        except BadRequest as exc:
            log.warning("HTML rejected (%s); resending as plain text", exc)
            sent = await message.reply_text(render.to_plain(chunk), do_quote=i == 0, reply_markup=markup)
    return sent


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
    progress = Progress(message, quiet=lambda: svc.queue.waiting > 0)
    notice: list[asyncio.Task] = []

    def tell_place_later(ticket: int) -> None:
        notice.append(_later(svc.settings.queue_notice_after_s, lambda: message.reply_text(
            texts.QUEUED.format(position=svc.queue.position(ticket)), do_quote=True)))
    try:
        async with svc.queue.slot(tell_place_later):
            _cancel(notice)
            typing = _typing(message)
            try:
                if getattr(svc.answers, "streams", False):
                    result = await svc.answers.stream(question, context_text, progress.show)
                else:
                    result = await asyncio.to_thread(svc.answers.answer, question, context_text)
            finally:
                _cancel([typing])
    except QueueFull:
        await message.reply_text(texts.BUSY, do_quote=True)
        return
    finally:
        _cancel(notice)
    qid = await _record(svc.state.record_answer, message.chat_id, user.id if user else None, question, result)
    keyboard = _feedback_keyboard(qid) if qid is not None else None
    sent = await progress.deliver(render.answer_messages(result), keyboard)
    svc.memory.remember(message.chat_id, sent.message_id, question, result.text)
    if qid is not None:
        await _record(svc.state.attach_message, qid, sent.message_id)


# Every Bot API call counts against the bot's ~30 calls per second (AIORateLimiter): in a burst each
# extra call per question delays every answer, so notices are sent only when a wait is really long.
TYPING_AFTER_S = 1.0     # an answer ready sooner needs no "typing…"
TYPING_REPEAT_S = 4.5    # Telegram shows "typing…" for about 5 seconds


def _later(delay_s: float, send) -> asyncio.Task:
    """Send something after delay_s unless cancelled first."""
    async def run() -> None:
        await asyncio.sleep(delay_s)
        try:
            await send()
        except TelegramError as exc:  # a notice is a courtesy: never fail the answer for it
            log.warning("could not send a notice: %s", exc)
    return asyncio.create_task(run())


def _typing(message: Message) -> asyncio.Task:
    """'typing…' while a slow answer is prepared (a fast one needs none)."""
    async def run() -> None:
        await asyncio.sleep(TYPING_AFTER_S)
        while True:
            try:
                await message.chat.send_action(ChatAction.TYPING)
            except TelegramError as exc:
                log.warning("could not send typing: %s", exc)
            await asyncio.sleep(TYPING_REPEAT_S)
    return asyncio.create_task(run())


def _cancel(tasks: list[asyncio.Task]) -> None:
    for task in tasks:
        task.cancel()


async def _record(method, *args):
    """State writes must not cost the user the answer (e.g. the SQLite file is locked)."""
    try:
        return await asyncio.to_thread(method, *args)
    except sqlite3.Error as exc:
        log.error("could not record to chat state (%s); answering without feedback buttons", exc)
        return None


class Progress:
    """A streamed answer: the first draft is sent, later drafts edit it (throttled), and the
    final rendered answer replaces it. Without drafts, the answer is simply sent."""

    def __init__(self, question: Message, quiet=lambda: False):
        self.question = question
        self.quiet = quiet    # True while others wait: their answers matter more than our drafts
        self.placeholder: Message | None = None
        self.editor: ThrottledEditor | None = None

    async def show(self, draft: str) -> None:
        if not draft.strip() or self.quiet():
            return
        draft = draft[:render.LIMIT - 10]
        if self.placeholder is None:
            self.placeholder = await self.question.reply_text(draft, do_quote=True)
            self.editor = ThrottledEditor(self.question.get_bot(), self.placeholder.chat_id,
                                          self.placeholder.message_id)
        else:
            await self.editor.update(draft)

    async def deliver(self, chunks: list[str], keyboard) -> Message:
        if self.editor is None:
            return await send_html(self.question, chunks, keyboard)
        first_markup = keyboard if len(chunks) == 1 else None
        try:
            await self.editor.finish(chunks[0], reply_markup=first_markup)
        except BadRequest:
            await self.editor.finish(render.to_plain(chunks[0]), reply_markup=first_markup, html=False)
        last = self.placeholder
        for i, chunk in enumerate(chunks[1:], start=1):
            markup = keyboard if i == len(chunks) - 1 else None
            last = await self.question.get_bot().send_message(
                self.placeholder.chat_id, chunk, parse_mode=ParseMode.HTML, reply_markup=markup,
                message_thread_id=self.question.message_thread_id if self.question.is_topic_message else None)
        return last


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


def is_admin(context: ContextTypes.DEFAULT_TYPE, user_id: int | None) -> bool:
    return user_id is not None and user_id in services(context).settings.admin_ids


async def on_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stats (admins): questions per day, not-found rate, feedback, top unanswered."""
    user = update.effective_user
    if not is_admin(context, user.id if user else None):
        log.warning("non-admin %s tried /stats", user.id if user else "?")
        await update.effective_message.reply_text(texts.NOT_ADMIN)
        return
    stats = await asyncio.to_thread(services(context).state.stats)
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
