"""Chat state in SQLite: the schema a fresh file gets, stats by the configured time zone,
transactions that leave nothing half-written."""

from __future__ import annotations

import datetime as dt
import sqlite3
from zoneinfo import ZoneInfo

import pytest

from bot.state import MIGRATIONS, ChatState
from bot.subscriptions import Subscriptions
from retrieval.models import Answer

EXPECTED_COLUMNS = {
    "questions": ["id", "chat_id", "user_id", "question", "answer", "status", "citations", "answer_message_id",
                  "created_at"],
    "feedback": ["question_id", "user_id", "vote", "created_at"],
    "subscriptions": ["chat_id", "thread_id", "at", "active", "show_questions", "notify_empty", "last_change_id",
                      "last_sent_at", "created_at"],
    "deliveries": ["chat_id", "thread_id", "day", "status", "at"],
}


def _columns(path) -> dict[str, list[str]]:
    db = sqlite3.connect(path)
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    out = {t: [r[1] for r in db.execute(f"PRAGMA table_info({t})")] for t in tables}
    db.close()
    return out


def test_a_fresh_state_file_gets_every_migration_and_the_expected_schema(tmp_path):
    ChatState(tmp_path / "state.sqlite").close()
    assert _columns(tmp_path / "state.sqlite") == EXPECTED_COLUMNS
    db = sqlite3.connect(tmp_path / "state.sqlite")
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_a_file_from_the_first_version_is_migrated_and_keeps_its_questions(tmp_path):
    path = tmp_path / "state.sqlite"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO questions (chat_id, question, answer, status, citations, created_at)"
               " VALUES (1, 'câu cũ', 'trả lời', 'answered', '[]', 0)")
    db.commit()
    db.close()
    state = ChatState(path)
    assert state.query("SELECT question FROM questions") == [("câu cũ",)]
    assert Subscriptions(state).active() == []
    state.close()
    assert _columns(path) == EXPECTED_COLUMNS


def test_stats_count_days_in_the_configured_time_zone(tmp_path):
    state = ChatState(tmp_path / "state.sqlite")
    hanoi = ZoneInfo("Asia/Ho_Chi_Minh")
    # 23:30 UTC on the 1st is 06:30 on the 2nd in Hanoi, but still the 1st in London (winter)
    late = dt.datetime(2026, 1, 1, 23, 30, tzinfo=dt.timezone.utc).timestamp()
    early = dt.datetime(2026, 1, 1, 10, 0, tzinfo=dt.timezone.utc).timestamp()
    for when in (early, late):
        state.record_answer(1, 2, "câu hỏi", Answer("answered", "đáp"), now=when)
    now = late + 3600
    assert state.stats("Asia/Ho_Chi_Minh", now=now).per_day == [("2026-01-01", 1), ("2026-01-02", 1)]
    assert state.stats("Europe/London", now=now).per_day == [("2026-01-01", 2)]
    assert dt.datetime.fromtimestamp(late, hanoi).day == 2


def test_a_failed_transaction_leaves_nothing_written(tmp_path):
    state = ChatState(tmp_path / "state.sqlite")
    with pytest.raises(RuntimeError):
        with state.transaction() as db:
            db.execute("INSERT INTO subscriptions VALUES (1, 0, '07:30', 1, 1, 0, 0, 0, 0)")
            raise RuntimeError("crash in the middle")
    assert Subscriptions(state).active() == []
