"""Progress of an index build: how many texts are embedded, how many remain, and a time estimate —
shown to chat users who ask during a first build, and as a progress bar on the command line."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

Listener = Callable[["BuildProgress"], None]


@dataclass
class Snapshot:
    done: int
    total: int
    eta_s: float | None    # None until the rate is known


class BuildProgress:
    """Thread-safe. The build announces how many texts it will embed (`expect`); the embeddings
    report each call's progress (`update(done, total)`), and calls add up."""

    def __init__(self, listener: Listener | None = None, clock: Callable[[], float] = time.monotonic):
        self._listener, self._clock = listener, clock
        self._lock = threading.Lock()
        self.active = False
        self._done = self._total = self._expected = self._base = 0
        self._started = 0.0

    def start(self) -> None:
        with self._lock:
            self.active, self._started = True, self._clock()
            self._done = self._total = self._expected = self._base = 0

    def expect(self, total: int) -> None:
        with self._lock:
            self._expected = self._total = total

    def update(self, done: int, total: int) -> None:
        with self._lock:
            self._done = self._base + done
            self._total = max(self._expected, self._base + total)
            if done >= total:  # this call is over: the next one continues the count
                self._base += total
        if self._listener:
            self._listener(self)

    def finish(self) -> None:
        with self._lock:
            self.active = False
        if self._listener:
            self._listener(self)

    def snapshot(self) -> Snapshot:
        with self._lock:
            elapsed = self._clock() - self._started
            rate = self._done / elapsed if self._done and elapsed > 0 else 0.0
            eta = (self._total - self._done) / rate if rate else None
            return Snapshot(self._done, self._total, eta)


def tqdm_listener(description: str) -> Listener:
    """A progress bar with an estimate on stderr (the command line's first build)."""
    from tqdm import tqdm

    bar: dict[str, tqdm] = {}

    def listen(progress: BuildProgress) -> None:
        snap = progress.snapshot()
        if not progress.active:
            if "bar" in bar:
                bar.pop("bar").close()
            return
        if "bar" not in bar and snap.total:
            bar["bar"] = tqdm(total=snap.total, desc=description, unit=" đoạn", leave=False, mininterval=0.5)
        if "bar" in bar:
            bar["bar"].total = snap.total
            bar["bar"].update(snap.done - bar["bar"].n)
    return listen
