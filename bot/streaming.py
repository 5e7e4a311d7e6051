"""Edit-in-place for progressive answers: at most one edit per second per message, and
flood-control aware (a RetryAfter pushes the next edit back instead of failing)."""

from __future__ import annotations

import asyncio
import logging
import time

from telegram.constants import ParseMode
from telegram.error import BadRequest, RetryAfter

log = logging.getLogger(__name__)


class ThrottledEditor:
    def __init__(self, bot, chat_id: int, message_id: int, min_interval: float = 1.0, clock=time.monotonic,
                 sleep=asyncio.sleep):
        self.bot, self.chat_id, self.message_id = bot, chat_id, message_id
        self.min_interval, self._clock, self._sleep = min_interval, clock, sleep
        self._last_edit = float("-inf")
        self._not_before = float("-inf")
        self._shown = ""
        self._pending: str | None = None
        self.edits = 0

    async def update(self, text: str) -> None:
        """Show text if allowed now; otherwise keep it for the next chance."""
        self._pending = text
        now = self._clock()
        if now - self._last_edit >= self.min_interval and now >= self._not_before:
            await self._edit(text, parse_mode=None)

    async def finish(self, final_text: str, reply_markup=None, html: bool = True) -> None:
        """The final text, shown as soon as the throttle allows (waits out flood control)."""
        for _ in range(3):
            wait = max(self._last_edit + self.min_interval, self._not_before) - self._clock()
            if wait > 0:
                await self._sleep(wait)
            await self._edit(final_text, parse_mode=ParseMode.HTML if html else None, reply_markup=reply_markup)
            if self._shown == final_text:
                return

    async def _edit(self, text: str, parse_mode, reply_markup=None) -> None:
        if text == self._shown:
            return
        try:
            await self.bot.edit_message_text(text, chat_id=self.chat_id, message_id=self.message_id,
                                             parse_mode=parse_mode, reply_markup=reply_markup)
            self._shown, self._pending = text, None
            self.edits += 1
        except RetryAfter as exc:
            delay = exc.retry_after.total_seconds() if hasattr(exc.retry_after, "total_seconds") else exc.retry_after
            self._not_before = self._clock() + float(delay)
            log.warning("flood control: next edit of %s in %.0f s", self.message_id, delay)
        except BadRequest as exc:
            if "not modified" not in str(exc).lower():
                raise
        finally:
            self._last_edit = self._clock()
