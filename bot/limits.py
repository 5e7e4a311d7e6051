"""Per-user rate limiting and a bounded answer queue."""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from contextlib import asynccontextmanager


class UserRateLimiter:
    """At most `per_minute` questions per user in any sliding 60-second window."""

    def __init__(self, per_minute: int, clock=time.monotonic):
        self.per_minute, self._clock = per_minute, clock
        self._events: dict[int, deque[float]] = {}

    def check(self, user_id: int) -> float:
        """0 if allowed (and counted), else seconds to wait."""
        now = self._clock()
        events = self._events.setdefault(user_id, deque())
        while events and now - events[0] >= 60:
            events.popleft()
        if len(events) >= self.per_minute:
            return max(1.0, 60 - (now - events[0]))
        events.append(now)
        return 0.0

    @staticmethod
    def seconds_text(wait: float) -> int:
        return int(math.ceil(wait))


class QueueFull(Exception):
    pass


class AnswerQueue:
    """Runs at most `workers` answers at once; at most `limit` more may wait, served in arrival order."""

    def __init__(self, workers: int, limit: int):
        self._sem = asyncio.Semaphore(workers)
        self.limit = limit
        self.waiting = 0
        self._arrived = 0    # tickets handed out
        self._started = 0    # tickets that got a slot

    def position(self, ticket: int) -> int:
        """Place in line of a waiting ticket (1 = next)."""
        return max(1, ticket - self._started)

    @asynccontextmanager
    async def slot(self, on_ticket=None):
        """Wait for a slot; `on_ticket(ticket)` is called first (to tell the user their place later)."""
        if self._sem.locked() and self.waiting >= self.limit:
            raise QueueFull
        self._arrived += 1
        if on_ticket:
            on_ticket(self._arrived)
        self.waiting += 1
        try:
            await self._sem.acquire()
        finally:
            self.waiting -= 1
            self._started += 1
        try:
            yield
        finally:
            self._sem.release()
