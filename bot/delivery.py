"""Getting replies to Telegram: HTML with a plain-text fallback, streamed drafts, and the
courtesy notices (typing…, place in line) that a burst must not multiply."""

from __future__ import annotations

import asyncio
import logging

from telegram import Message
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, TelegramError

from bot import render
from bot.streaming import ThrottledEditor

log = logging.getLogger(__name__)

# Every Bot API call counts against the bot's ~30 calls per second (AIORateLimiter): in a burst each
# extra call per question delays every answer, so notices are sent only when a wait is really long.
TYPING_AFTER_S = 1.0     # an answer ready sooner needs no "typing…"
TYPING_REPEAT_S = 4.5    # Telegram shows "typing…" for about 5 seconds


def later(delay_s: float, send) -> asyncio.Task:
    """Send something after delay_s unless cancelled first."""
    async def run() -> None:
        await asyncio.sleep(delay_s)
        try:
            await send()
        except TelegramError as exc:  # a notice is a courtesy: never fail the answer for it
            log.warning("could not send a notice: %s", exc)
    return asyncio.create_task(run())


def typing(message: Message) -> asyncio.Task:
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


def cancel(tasks: list[asyncio.Task]) -> None:
    for task in tasks:
        task.cancel()


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
