"""The index generation a process serves: loading it, following CURRENT when another process
(a shell reload, a second host) moves it, holding a lease on it, and rebuilding on reload."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from retrieval.leases import LEASE_TTL_S
from retrieval.models import ReloadReport
from retrieval.progress import BuildProgress
from retrieval.search import HybridRetriever
from retrieval.store import Generation, IndexStore

log = logging.getLogger(__name__)

FOLLOW_INTERVAL_S = 2.0                 # how often a process looks for a newer generation
LEASE_REFRESH_S = LEASE_TTL_S / 3       # and refreshes its lease on the one it serves


class ServedIndex:
    """Thread-safe: readers take `current` (a generation and its searcher) in one read; a switch
    replaces it in one assignment."""

    def __init__(self, store: IndexStore, knowledge_dir: Path, progress: BuildProgress,
                 clock: Callable[[], float] = time.monotonic):
        self.store, self.knowledge_dir, self.progress, self._clock = store, knowledge_dir, progress, clock
        self._reload_lock = threading.Lock()
        self._switch_lock = threading.Lock()
        self._checked = float("-inf")    # when CURRENT was last looked at
        self._leased = float("-inf")     # when this process's lease was last refreshed
        self.current: tuple[Generation, HybridRetriever] | None = None

    @property
    def generation(self) -> Generation | None:
        current = self.current
        return current[0] if current else None

    def load_current(self) -> bool:
        """Serve the generation CURRENT points at (a new searcher is built aside, then swapped in)."""
        with self._switch_lock:
            gen = self.store.current()
            if gen is None or not self.store.collection_ok(gen):
                return False
            if self.current is None or self.current[0].dir != gen.dir or self.current[0].collection != gen.collection:
                retriever = HybridRetriever(gen.chunks, gen.metas, self.store.collection(gen), self.store.embeddings)
                self.current = (gen, retriever)
                log.info("serving index generation %d (%s)", gen.number, gen.collection)
            self._hold_lease(force=True)
            return True

    def follow(self, now: bool = False) -> None:
        """Switch to the newest generation when another process moved CURRENT; refresh this
        process's lease. Cheap: at most every FOLLOW_INTERVAL_S, unless `now`."""
        if not now and self._clock() - self._checked < FOLLOW_INTERVAL_S:
            return
        self._checked = self._clock()
        pointer = self.store.pointer()
        if pointer and (self.current is None or self.current[0].dir != pointer):
            self.load_current()
        self._hold_lease()

    def _hold_lease(self, force: bool = False) -> None:
        if self.current and (force or self._clock() - self._leased >= LEASE_REFRESH_S):
            self.store.leases.hold(self.current[0].collection)
            self._leased = self._clock()

    def reload(self, force: bool = False) -> ReloadReport:
        with self._reload_lock:
            self.progress.start()
            try:
                report = self.store.reload(self.knowledge_dir, force=force)
                if not self.load_current():  # e.g. a corrupt collection: rebuild from the documents
                    log.warning("index unusable after reload; rebuilding from %s", self.knowledge_dir)
                    report = self.store.reload(self.knowledge_dir, force=True)
                    self.load_current()
            finally:
                self.progress.finish()
        return report

    def close(self) -> None:
        """Give up this process's lease (a short-lived `ask` or `reload` from the shell)."""
        self.store.leases.release()

    def watch(self, stop: threading.Event, interval_s: float = FOLLOW_INTERVAL_S) -> threading.Thread:
        """Follow CURRENT and keep the lease alive in the background (a long-running bot)."""
        def loop() -> None:
            while not stop.wait(interval_s):
                try:
                    self.follow()
                except Exception as exc:  # keep watching: the next round may succeed
                    log.warning("could not follow the index: %s", exc)
        thread = threading.Thread(target=loop, name="index-watch", daemon=True)
        thread.start()
        return thread
