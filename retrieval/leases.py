"""Sharing one knowledge base between processes: a lock for builds and leases for readers.

A reload takes a lock: a lock file in DATA_DIR (processes on this host sharing it) and, with a Chroma
server, a lock collection on the server that every host sees. Every process that serves a generation
holds a lease on its collection — a small file in DATA_DIR with a heartbeat — and garbage collection
spares a collection while any live lease holds it. A lease whose heartbeat stopped (the process was
killed) expires after LEASE_TTL_S."""

from __future__ import annotations

import json
import logging
import os
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock

from retrieval.files import write_json

log = logging.getLogger(__name__)
LEASE_TTL_S = 60.0          # a lease not refreshed for this long belongs to a dead process
LOCK_TTL_S = 30 * 60.0      # a server lock older than this was left by a crashed build
LOCK_POLL_S = 0.5


def process_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


class Leases:
    """Lease files DATA_DIR/index/leases/<host>-<pid>.json: {"collection": ..., "heartbeat": ...}."""

    def __init__(self, root: Path, ttl_s: float = LEASE_TTL_S, clock: Callable[[], float] = time.time):
        self.dir = root / "leases"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.ttl_s, self._clock = ttl_s, clock
        # one file per reader (a process may open several engines, e.g. in tests)
        self._path = self.dir / f"{process_id()}-{uuid.uuid4().hex[:6]}.json"

    def hold(self, collection: str) -> None:
        """Record (or refresh) this process's lease on a collection."""
        write_json(self._path, {"collection": collection, "heartbeat": self._clock()})

    def release(self) -> None:
        self._path.unlink(missing_ok=True)

    def live(self, now: float | None = None) -> set[str]:
        """Collections held by leases whose heartbeat is recent; expired lease files are removed."""
        now = self._clock() if now is None else now
        held = set()
        for path in self.dir.glob("*.json"):
            try:
                data = json.loads(path.read_text("utf-8"))
            except (OSError, ValueError):
                continue  # being written, or gone
            if now - data.get("heartbeat", 0) <= self.ttl_s:
                held.add(data.get("collection", ""))
            elif path != self._path:
                path.unlink(missing_ok=True)  # its process died (a live one writes it again)
        return held


@contextmanager
def build_lock(root: Path, client=None, namespace: str = "", timeout_s: float | None = None) -> Iterator[None]:
    """Hold the reload lock: the lock file, then (with a Chroma server) the server lock."""
    with FileLock(str(root / ".lock"), timeout=-1 if timeout_s is None else timeout_s):
        if client is None:
            yield
            return
        with _server_lock(client, namespace, timeout_s):
            yield


@contextmanager
def _server_lock(client, namespace: str, timeout_s: float | None) -> Iterator[None]:
    """Creating a collection is atomic on the server: whoever creates 'kb-lock-<ns>' holds the lock."""
    name = f"kb-lock-{namespace}"
    deadline = None if timeout_s is None else time.monotonic() + timeout_s
    while True:
        try:
            client.create_collection(name, metadata={"owner": process_id(), "since": time.time()})
            break
        except Exception as exc:  # held by another host (or a crashed one)
            if not _break_stale(client, name):
                if deadline is not None and time.monotonic() > deadline:
                    raise TimeoutError(f"Chroma lock {name} held by another process") from exc
                time.sleep(LOCK_POLL_S)
    try:
        yield
    finally:
        try:
            client.delete_collection(name)
        except Exception as exc:
            log.warning("could not release Chroma lock %s: %s", name, exc)


def _break_stale(client, name: str) -> bool:
    try:
        since = (client.get_collection(name).metadata or {}).get("since", 0)
    except Exception:
        return False  # released meanwhile: try again
    if time.time() - since <= LOCK_TTL_S:
        return False
    log.warning("breaking Chroma lock %s left since %.0f", name, since)
    try:
        client.delete_collection(name)
    except Exception as exc:  # another host broke it first: fine, try to take it
        log.debug("stale lock %s already gone: %s", name, exc)
    return True
