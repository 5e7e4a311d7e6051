"""What changed in the knowledge base, per reload and document (read by the daily digest).

Rows are written with the generation they belong to before that generation becomes current;
rows of a generation that never became current (a crash mid-reload) are ignored and replaced."""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Change:
    id: int
    generation: int
    doc: str
    change: str        # added | updated | removed
    title: str
    number: str
    date: str
    at: float


class ChangeLog:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, timeout=30)
        self._lock = threading.Lock()
        with self._db:
            self._db.execute("""CREATE TABLE IF NOT EXISTS changes (
                id INTEGER PRIMARY KEY, generation INTEGER NOT NULL, doc TEXT NOT NULL, change TEXT NOT NULL,
                title TEXT NOT NULL, number TEXT NOT NULL, date TEXT NOT NULL, at REAL NOT NULL)""")

    def record(self, generation: int, rows: list[tuple[str, str, str, str, str]]) -> None:
        """rows: (doc, change, title, number, date). Replaces rows of an unfinished generation."""
        now = time.time()
        with self._lock, self._db:
            self._db.execute("DELETE FROM changes WHERE generation >= ?", (generation,))
            self._db.executemany(
                "INSERT INTO changes (generation, doc, change, title, number, date, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(generation, *row, now) for row in rows])

    def since(self, after_id: int, current_generation: int) -> list[Change]:
        rows = self._db.execute(
            "SELECT id, generation, doc, change, title, number, date, at FROM changes"
            " WHERE id > ? AND generation <= ? ORDER BY id", (after_id, current_generation)).fetchall()
        return [Change(*r) for r in rows]

    def last_id(self, current_generation: int) -> int:
        row = self._db.execute("SELECT COALESCE(MAX(id), 0) FROM changes WHERE generation <= ?",
                               (current_generation,)).fetchone()
        return int(row[0])

    def close(self) -> None:
        self._db.close()
