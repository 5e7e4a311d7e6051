"""Digest subscriptions and deliveries, in the chat-state SQLite database."""

from __future__ import annotations

import time
from dataclasses import dataclass

from bot.state import ChatState


@dataclass(frozen=True)
class Subscription:
    chat_id: int
    thread_id: int
    at: str                 # HH:MM in TIMEZONE
    active: bool
    show_questions: bool
    notify_empty: bool
    last_change_id: int
    last_sent_at: float
    created_at: float

    @property
    def key(self) -> str:
        return f"digest:{self.chat_id}:{self.thread_id}"


_COLUMNS = "chat_id, thread_id, at, active, show_questions, notify_empty, last_change_id, last_sent_at, created_at"


class Subscriptions:
    def __init__(self, state: ChatState):
        self._state = state

    def upsert(self, chat_id: int, thread_id: int, at: str, last_change_id: int, now: float | None = None) -> None:
        now = time.time() if now is None else now
        with self._state.transaction() as db:
            db.execute(
                f"INSERT INTO subscriptions ({_COLUMNS}) VALUES (?, ?, ?, 1, 1, 0, ?, ?, ?)"
                " ON CONFLICT (chat_id, thread_id) DO UPDATE SET at = excluded.at, active = 1",
                (chat_id, thread_id, at, last_change_id, now, now))

    def get(self, chat_id: int, thread_id: int) -> Subscription | None:
        rows = self._state.query(f"SELECT {_COLUMNS} FROM subscriptions WHERE chat_id = ? AND thread_id = ?",
                                 (chat_id, thread_id))
        return Subscription(*rows[0]) if rows else None

    def for_chat(self, chat_id: int) -> list[Subscription]:
        rows = self._state.query(f"SELECT {_COLUMNS} FROM subscriptions WHERE chat_id = ? ORDER BY thread_id",
                                 (chat_id,))
        return [Subscription(*r) for r in rows]

    def active(self) -> list[Subscription]:
        rows = self._state.query(f"SELECT {_COLUMNS} FROM subscriptions WHERE active = 1")
        return [Subscription(*r) for r in rows]

    def deactivate(self, chat_id: int, thread_id: int | None = None) -> None:
        with self._state.transaction() as db:
            if thread_id is None:
                db.execute("UPDATE subscriptions SET active = 0 WHERE chat_id = ?", (chat_id,))
            else:
                db.execute("UPDATE subscriptions SET active = 0 WHERE chat_id = ? AND thread_id = ?",
                                 (chat_id, thread_id))

    def set_option(self, chat_id: int, thread_id: int, column: str, value: bool) -> None:
        assert column in ("show_questions", "notify_empty")
        with self._state.transaction() as db:
            db.execute(f"UPDATE subscriptions SET {column} = ? WHERE chat_id = ? AND thread_id = ?",
                             (int(value), chat_id, thread_id))

    def migrate_chat(self, old_id: int, new_id: int) -> None:
        """A group became a supergroup: its subscriptions follow it."""
        with self._state.transaction() as db:
            db.execute("UPDATE OR REPLACE subscriptions SET chat_id = ? WHERE chat_id = ?", (new_id, old_id))
            db.execute("UPDATE OR REPLACE deliveries SET chat_id = ? WHERE chat_id = ?", (new_id, old_id))

    # -- exactly-once delivery ---------------------------------------------------------------
    def claim(self, sub: Subscription, day: str) -> bool:
        """Reserve today's delivery; False if it was already made (or is being made)."""
        with self._state.transaction() as db:
            cur = db.execute("INSERT OR IGNORE INTO deliveries VALUES (?, ?, ?, 'sending', ?)",
                                   (sub.chat_id, sub.thread_id, day, time.time()))
            return cur.rowcount == 1

    def delivered(self, sub: Subscription, day: str, last_change_id: int, status: str = "sent") -> None:
        with self._state.transaction() as db:
            db.execute("UPDATE deliveries SET status = ?, at = ? WHERE chat_id = ? AND thread_id = ? AND day = ?",
                             (status, time.time(), sub.chat_id, sub.thread_id, day))
            db.execute("UPDATE subscriptions SET last_change_id = ?, last_sent_at = ? WHERE chat_id = ? AND"
                             " thread_id = ?", (last_change_id, time.time(), sub.chat_id, sub.thread_id))

    def release(self, sub: Subscription, day: str) -> None:
        """A delivery that failed before anything was sent may be tried again."""
        with self._state.transaction() as db:
            db.execute("DELETE FROM deliveries WHERE chat_id = ? AND thread_id = ? AND day = ? AND"
                             " status = 'sending'", (sub.chat_id, sub.thread_id, day))

    def was_delivered(self, sub: Subscription, day: str) -> bool:
        return bool(self._state.query("SELECT 1 FROM deliveries WHERE chat_id = ? AND thread_id = ? AND day = ?",
                                      (sub.chat_id, sub.thread_id, day)))
