"""Daily digests: what changed in the knowledge base since a chat's last digest, with quoted
key points, and the questions that chat asked most. Delivered exactly once per day."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from html import escape
from zoneinfo import ZoneInfo

from telegram.constants import ParseMode
from telegram.error import ChatMigrated, Forbidden

from bot import render, texts
from bot.subscriptions import Subscription, Subscriptions
from retrieval.text import vi_date

log = logging.getLogger(__name__)
SHOWN_IN_FULL = 8     # documents listed with key points; the rest are counted
QUESTIONS_ROOM = 600  # UTF-16 units kept free for the most-asked questions below the documents


def _change_block(change, points) -> str:
    label = texts.DIGEST_CHANGE[change.change]
    details = ", ".join(d for d in (change.number, vi_date(change.date) if change.date else "") if d)
    head = f"{label} <b>{escape(change.title)}</b>" + (f" ({escape(details)})" if details else "")
    lines = [head]
    for c in points:
        lines.append(f"• {escape(_short(c.quote))} <i>({escape(c.doc)}, {render.line_span(c.line_start, c.line_end)})</i>")
    return "\n".join(lines)


def _short(text: str, size: int = 300) -> str:
    return text if len(text) <= size else text[:size].rsplit(" ", 1)[0] + "…"


def build_digest(changes, key_points, questions, day: str) -> str | None:
    """HTML for one message (Telegram's limit), or None when there is nothing to say."""
    latest = {}
    for change in changes:  # several reloads since the last digest: the last word per document
        latest[change.doc] = change
    if not latest and not questions:
        return None
    blocks = [texts.DIGEST_HEADER.format(day=vi_date(day), count=len(latest))]
    shown = 0
    for change in latest.values():
        points = key_points(change.doc) if change.change != "removed" and shown < SHOWN_IN_FULL else []
        block = _change_block(change, points)
        if render.utf16_len("\n\n".join(blocks + [block])) > render.LIMIT - QUESTIONS_ROOM:
            break
        blocks.append(block)
        shown += 1
    if shown < len(latest):
        blocks.append(texts.DIGEST_MORE.format(count=len(latest) - shown))
    if questions:
        lines = [texts.DIGEST_QUESTIONS] + [f"• {escape(_short(q, 150))} — {escape(_short(a.split(chr(10))[0], 200))}"
                                            for q, a, _ in questions]
        block = "\n".join(lines)
        if render.utf16_len("\n\n".join(blocks + [block])) <= render.LIMIT:
            blocks.append(block)
    return "\n\n".join(blocks)


def local_now(tz: str, now: dt.datetime | None = None) -> dt.datetime:
    zone = ZoneInfo(tz)
    return (now or dt.datetime.now(dt.timezone.utc)).astimezone(zone)


def is_due(sub: Subscription, now_local: dt.datetime) -> bool:
    """Today's time has come, and the subscription existed before it (no surprise digest)."""
    hour, minute = map(int, sub.at.split(":"))
    scheduled = now_local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return scheduled <= now_local and scheduled.timestamp() >= sub.created_at - 60


class DigestService:
    def __init__(self, subscriptions: Subscriptions, state, engine, tz: str):
        self.subscriptions, self.state, self.engine, self.tz = subscriptions, state, engine, tz

    def content(self, sub: Subscription, day: str) -> tuple[str | None, int]:
        """(HTML or None, change id the digest goes up to)."""
        changes = self.engine.changes_since(sub.last_change_id)
        upto = max([c.id for c in changes], default=sub.last_change_id)
        questions = self.state.top_questions(sub.chat_id, sub.last_sent_at) if sub.show_questions else []
        return build_digest(changes, self.engine.key_points, questions, day), upto

    async def send(self, bot, sub: Subscription, now_local: dt.datetime, force: bool = False) -> bool:
        """Deliver today's digest to one subscription, at most once (unless forced by /digest)."""
        day = now_local.date().isoformat()
        if not force and not await asyncio.to_thread(self.subscriptions.claim, sub, day):
            return False
        html, upto = await asyncio.to_thread(self.content, sub, day)
        if html is None and sub.notify_empty:
            html = texts.DIGEST_EMPTY.format(day=vi_date(day))
        if html is None:
            await asyncio.to_thread(self.subscriptions.delivered, sub, day, upto, "empty")
            return False
        try:
            await bot.send_message(sub.chat_id, html, parse_mode=ParseMode.HTML,
                                   message_thread_id=sub.thread_id or None)
        except Forbidden:
            log.warning("bot removed from chat %s: digest subscription deactivated", sub.chat_id)
            await asyncio.to_thread(self.subscriptions.deactivate, sub.chat_id)
            return False
        except ChatMigrated as exc:
            await asyncio.to_thread(self.subscriptions.migrate_chat, sub.chat_id, exc.new_chat_id)
            await bot.send_message(exc.new_chat_id, html, parse_mode=ParseMode.HTML,
                                   message_thread_id=sub.thread_id or None)
            sub = await asyncio.to_thread(self.subscriptions.get, exc.new_chat_id, sub.thread_id)
        except Exception:
            if not force:
                await asyncio.to_thread(self.subscriptions.release, sub, day)  # retried on the next tick
            raise
        if not force:
            await asyncio.to_thread(self.subscriptions.delivered, sub, day, upto)
        return True

    async def deliver_due(self, bot, now: dt.datetime | None = None) -> int:
        """Send every digest whose time has come today and that was not sent yet (also the catch-up
        after a restart). Returns how many were sent."""
        now_local = local_now(self.tz, now)
        sent = 0
        for sub in await asyncio.to_thread(self.subscriptions.active):
            day = now_local.date().isoformat()
            if is_due(sub, now_local) and not await asyncio.to_thread(self.subscriptions.was_delivered, sub, day):
                try:
                    sent += await self.send(bot, sub, now_local)
                except Exception:
                    log.exception("digest for chat %s failed; will retry", sub.chat_id)
        return sent
