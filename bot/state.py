"""Chat state in SQLite under DATA_DIR: questions asked, answers given, feedback.

Schema changes are numbered migrations applied on open (PRAGMA user_version)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

MIGRATIONS = [
    """
    CREATE TABLE questions (
        id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL,
        user_id INTEGER,
        question TEXT NOT NULL,
        answer TEXT NOT NULL,
        status TEXT NOT NULL,
        citations TEXT NOT NULL,
        answer_message_id INTEGER,
        created_at REAL NOT NULL
    );
    CREATE INDEX questions_by_message ON questions (chat_id, answer_message_id);
    CREATE INDEX questions_by_time ON questions (created_at);
    CREATE TABLE feedback (
        question_id INTEGER NOT NULL REFERENCES questions(id),
        user_id INTEGER NOT NULL,
        vote INTEGER NOT NULL,
        created_at REAL NOT NULL,
        PRIMARY KEY (question_id, user_id)
    );
    """,
    """
    CREATE TABLE subscriptions (
        chat_id INTEGER NOT NULL,
        thread_id INTEGER NOT NULL DEFAULT 0,
        at TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        show_questions INTEGER NOT NULL DEFAULT 1,
        notify_empty INTEGER NOT NULL DEFAULT 0,
        last_change_id INTEGER NOT NULL DEFAULT 0,
        last_sent_at REAL NOT NULL,
        created_at REAL NOT NULL,
        PRIMARY KEY (chat_id, thread_id)
    );
    CREATE TABLE deliveries (
        chat_id INTEGER NOT NULL,
        thread_id INTEGER NOT NULL,
        day TEXT NOT NULL,
        status TEXT NOT NULL,
        at REAL NOT NULL,
        PRIMARY KEY (chat_id, thread_id, day)
    );
    """,
]


@dataclass(frozen=True)
class Stats:
    per_day: list[tuple[str, int]]
    total: int
    answered: int
    related: int
    not_found: int
    up: int
    down: int
    unanswered: list[tuple[str, int]]


class ChatState:
    def __init__(self, path: Path, timeout: float = 10.0):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, timeout=timeout)
        self._lock = threading.Lock()
        self._migrate()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """The connection, held by this process's threads one at a time, in one transaction
        (committed when the block ends, rolled back on an exception)."""
        with self._lock, self._db:
            yield self._db

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self._db:
                self._db.executescript(script)
                self._db.execute(f"PRAGMA user_version = {number}")

    def record_answer(self, chat_id: int, user_id: int | None, question: str, answer,
                      now: float | None = None) -> int:
        citations = json.dumps([c.to_json() for c in answer.citations], ensure_ascii=False)
        with self._lock, self._db:
            cur = self._db.execute(
                "INSERT INTO questions (chat_id, user_id, question, answer, status, citations, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (chat_id, user_id, question, answer.text, answer.status, citations, time.time() if now is None else now))
            return int(cur.lastrowid)

    def attach_message(self, question_id: int, message_id: int) -> None:
        with self._lock, self._db:
            self._db.execute("UPDATE questions SET answer_message_id = ? WHERE id = ?", (message_id, question_id))

    def exchange_for_message(self, chat_id: int, message_id: int) -> tuple[str, str] | None:
        """The question and answer behind one of the bot's messages (for follow-ups)."""
        row = self._db.execute("SELECT question, answer FROM questions WHERE chat_id = ? AND answer_message_id = ?",
                               (chat_id, message_id)).fetchone()
        return (row[0], row[1]) if row else None

    def vote(self, question_id: int, user_id: int, vote: int) -> bool:
        with self._lock, self._db:
            if not self._db.execute("SELECT 1 FROM questions WHERE id = ?", (question_id,)).fetchone():
                return False
            self._db.execute("INSERT OR REPLACE INTO feedback VALUES (?, ?, ?, ?)",
                             (question_id, user_id, vote, time.time()))
            return True

    def votes(self, question_id: int) -> tuple[int, int]:
        row = self._db.execute("SELECT COALESCE(SUM(vote > 0), 0), COALESCE(SUM(vote < 0), 0) FROM feedback"
                               " WHERE question_id = ?", (question_id,)).fetchone()
        return int(row[0]), int(row[1])

    def stats(self, tz: str, days: int = 7, top: int = 10, now: float | None = None) -> Stats:
        """The last `days` days; questions counted per calendar day in the time zone `tz`."""
        since = (time.time() if now is None else now) - days * 86400
        zone = ZoneInfo(tz)
        per_day = Counter(dt.datetime.fromtimestamp(t, zone).date().isoformat() for (t,) in self._db.execute(
            "SELECT created_at FROM questions WHERE created_at >= ?", (since,)))
        total, answered, related = self._db.execute(
            "SELECT COUNT(*), COALESCE(SUM(status = 'answered'), 0), COALESCE(SUM(status = 'related'), 0)"
            " FROM questions WHERE created_at >= ?", (since,)).fetchone()
        up, down = self._db.execute(
            "SELECT COALESCE(SUM(vote > 0), 0), COALESCE(SUM(vote < 0), 0) FROM feedback WHERE created_at >= ?",
            (since,)).fetchone()
        unanswered = self._db.execute(
            "SELECT question, COUNT(*) n FROM questions q WHERE created_at >= ? AND (status != 'answered'"
            " OR EXISTS (SELECT 1 FROM feedback f WHERE f.question_id = q.id AND f.vote < 0))"
            " GROUP BY lower(question) ORDER BY n DESC, MAX(created_at) DESC LIMIT ?", (since, top)).fetchall()
        return Stats(sorted(per_day.items()), total, answered, related, total - answered - related, up, down,
                     [(q, n) for q, n in unanswered])

    def top_questions(self, chat_id: int, since: float, limit: int = 3) -> list[tuple[str, str, int]]:
        """(question, latest answer, times asked) for answered questions in a chat since a moment."""
        rows = self._db.execute(
            "SELECT question, answer, COUNT(*) n FROM questions WHERE chat_id = ? AND created_at > ?"
            " AND status = 'answered' GROUP BY lower(question) ORDER BY n DESC, MAX(created_at) DESC LIMIT ?",
            (chat_id, since, limit)).fetchall()
        return [(q, a, n) for q, a, n in rows]

    def close(self) -> None:
        self._db.close()
