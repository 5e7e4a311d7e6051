"""Index generations on disk: manifest + chunks beside a Chroma collection.

A reload builds generation N+1 next to N and then replaces the CURRENT pointer with one atomic
rename, so readers see either the old or the new index, never a half-built one. Several processes
may share a DATA_DIR (the bot, a reload or an ask from the shell) and several DATA_DIRs may share a
Chroma server: builds take the reload lock, collection names carry this DATA_DIR's namespace, and
an old generation is deleted only when no live lease holds it and it is older than GC_GRACE_S."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from retrieval.changelog import ChangeLog
from retrieval.embeddings import CachedEmbeddings
from retrieval.files import write_json
from retrieval.leases import Leases, build_lock
from retrieval.loading import LoadError, list_documents
from retrieval.models import Chunk, DocMeta, FileFailure, ParsedDoc, ReloadReport
from retrieval.parsing import PIPELINE_VERSION, parse
from retrieval.progress import BuildProgress
from retrieval.validity import Supersession, supersessions

log = logging.getLogger(__name__)
GC_GRACE_S = 120.0   # an unused old generation is kept this long (questions started on it finish)
SUPERSEDED = "superseded_at"


@dataclass
class Generation:
    number: int
    collection: str
    embedding_model: str
    pipeline: int
    docs: dict[str, ParsedDoc] = field(default_factory=dict)
    failed: list[FileFailure] = field(default_factory=list)
    dir: str = ""      # its directory under DATA_DIR/index

    @property
    def chunks(self) -> list[Chunk]:
        return [c for name in sorted(self.docs) for c in self.docs[name].chunks]

    @property
    def metas(self) -> dict[str, DocMeta]:
        return {name: d.meta for name, d in self.docs.items()}

    @cached_property
    def validity(self) -> dict[str, list[Supersession]]:
        """Which documents of this generation newer ones replace, amend or repeal."""
        return supersessions(self.metas)


def embed_text(chunk: Chunk, meta: DocMeta) -> str:
    """What the dense model sees: the chunk's text after its context (context.py). (A title prefix made
    the build ~1.3x slower and did not help on the dev set; the lexical index carries each document's
    title and number.)"""
    return chunk.searched_text


def _change_rows(report: ReloadReport, docs: dict[str, ParsedDoc], previous: dict[str, DocMeta]):
    def row(name: str, change: str, meta: DocMeta) -> tuple[str, str, str, str, str]:
        return (name, change, meta.title, meta.number.value if meta.number else "",
                meta.date.value if meta.date else "")

    rows = [row(n, "added", docs[n].meta) for n in report.added]
    rows += [row(n, "updated", docs[n].meta) for n in report.updated]
    rows += [row(n, "removed", previous[n]) for n in report.removed if n in previous]
    return rows


def make_chroma_client(data_dir: Path, host: str = "", port: int = 8000):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    if host:
        return chromadb.HttpClient(host=host, port=port, settings=settings)
    path = data_dir / "chroma"
    try:
        client = chromadb.PersistentClient(path=str(path), settings=settings)
        client.list_collections()
        return client
    except Exception as exc:  # corrupt store: the documents are the source of truth, rebuild from them
        aside = path.with_name(f"chroma.corrupt-{int(time.time())}")
        log.error("Chroma store at %s is unreadable (%s); moved to %s and rebuilding the index from the documents",
                  path, exc, aside.name)
        os.replace(path, aside)
        (data_dir / "index" / "CURRENT").unlink(missing_ok=True)
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient.clear_system_cache()  # chroma caches the broken system per path
        return chromadb.PersistentClient(path=str(path), settings=settings)


def _save_generation(gen_dir: Path, gen: Generation) -> None:
    gen_dir.mkdir(parents=True, exist_ok=True)
    docs = {name: {"sha256": d.sha256, "meta": d.meta.to_dict(), "chunks": [c.to_dict() for c in d.chunks]}
            for name, d in gen.docs.items()}
    write_json(gen_dir / "manifest.json", {
        "generation": gen.number, "collection": gen.collection, "embedding_model": gen.embedding_model,
        "pipeline": gen.pipeline, "docs": docs, "failed": [f.__dict__ for f in gen.failed]})


def _load_generation(gen_dir: Path) -> Generation:
    data = json.loads((gen_dir / "manifest.json").read_text("utf-8"))
    docs = {name: ParsedDoc(meta=DocMeta.from_dict(d["meta"]), sha256=d["sha256"],
                            chunks=[Chunk.from_dict(c) for c in d["chunks"]])
            for name, d in data["docs"].items()}
    return Generation(data["generation"], data["collection"], data["embedding_model"], data["pipeline"],
                      docs, [FileFailure(**f) for f in data["failed"]], gen_dir.name)


class IndexStore:
    """Builds and opens index generations under DATA_DIR/index."""

    def __init__(self, data_dir: Path, embeddings: CachedEmbeddings, chroma_client, server: bool = False,
                 progress: BuildProgress | None = None, clock: Callable[[], float] = time.time):
        self.root = data_dir / "index"
        self.root.mkdir(parents=True, exist_ok=True)
        self.embeddings = embeddings
        self.client = chroma_client
        self.server = server          # a Chroma server other hosts may share
        self.progress = progress or BuildProgress()
        self._clock = clock
        self.namespace = self._namespace()
        self.changelog = ChangeLog(self.root / "changes.sqlite")
        self.leases = Leases(self.root, clock=clock)

    def _namespace(self) -> str:
        """A random name for this DATA_DIR's collections, so DATA_DIRs sharing a server never collide."""
        path = self.root / "namespace"
        if not path.exists():
            write_json(path, {"namespace": uuid.uuid4().hex[:10]})
        return json.loads(path.read_text("utf-8"))["namespace"]

    # -- reading -------------------------------------------------------------------------
    def pointer(self) -> str:
        """The directory CURRENT points at ('' when there is none): cheap, to notice other processes' reloads."""
        try:
            return json.loads((self.root / "CURRENT").read_text("utf-8"))["dir"]
        except (OSError, ValueError, KeyError):
            return ""

    def current(self) -> Generation | None:
        name = self.pointer()
        if not name or not (self.root / name / "manifest.json").exists():
            return None
        try:
            return _load_generation(self.root / name)
        except (KeyError, TypeError, ValueError) as exc:  # written by another version of this code
            log.warning("index generation %s is unreadable by this version (%s: %s); it will be rebuilt from the "
                        "documents", name, type(exc).__name__, exc)
            return None

    def vectorstore(self, gen: Generation, create: bool = False):
        from langchain_chroma import Chroma

        return Chroma(client=self.client, collection_name=gen.collection, embedding_function=self.embeddings,
                      collection_metadata={"hnsw:space": "cosine", "embedding_model": gen.embedding_model,
                                           "created": time.time()},
                      create_collection_if_not_exists=create)

    def collection(self, gen: Generation):
        """The generation's Chroma collection, for searching by vector."""
        return self.client.get_collection(gen.collection)

    def collection_ok(self, gen: Generation) -> bool:
        try:
            return self.client.get_collection(gen.collection).count() == len(gen.chunks)
        except Exception as exc:  # a missing or corrupt collection: the caller rebuilds
            log.warning("Chroma collection %s unusable: %s", gen.collection, exc)
            return False

    # -- writing -------------------------------------------------------------------------
    def reload(self, knowledge_dir: Path, force: bool = False) -> ReloadReport:
        """Bring the index up to date with knowledge_dir; returns what changed."""
        started = time.perf_counter()
        with build_lock(self.root, self.client if self.server else None, self.namespace):
            report = self._reload_locked(knowledge_dir, force)
        report.duration_s = time.perf_counter() - started
        return report

    def _reusable(self, cur: Generation | None) -> Generation | None:
        if cur and cur.pipeline == PIPELINE_VERSION and cur.embedding_model == self.embeddings.model_id:
            return cur
        return None

    def _reload_locked(self, knowledge_dir: Path, force: bool) -> ReloadReport:
        cur = self.current()
        old = self._reusable(cur)
        report = ReloadReport()
        docs: dict[str, ParsedDoc] = {}
        for path in list_documents(knowledge_dir):
            self._scan_one(path, old, cur, docs, report)
        report.removed = sorted(set(cur.docs) - {p.name for p in list_documents(knowledge_dir)}) if cur else []
        if cur and not force and not report.changed and old is not None and self.collection_ok(cur):
            report.chunks, report.generation = len(cur.chunks), cur.number
            cur.failed = report.failed
            return report
        number = self._next_number()
        log.info("building index generation %d from %s: %d documents (%d new, %d updated, %d removed)",
                 number, knowledge_dir, len(docs), len(report.added),
                 len(report.updated), len(report.removed))
        gen = self._build(docs, number, report, cur.metas if cur else {})
        log.info("index generation %d ready: %d chunks, %d texts embedded", gen.number, len(gen.chunks),
                 report.embedded)
        report.chunks, report.generation = len(gen.chunks), gen.number
        return report

    def _next_number(self) -> int:
        """One past every generation on disk, so a rebuild never overwrites one another process may read."""
        numbers = [int(p.name[4:]) for p in self.root.glob("gen-*") if p.name[4:].isdigit()]
        return max(numbers, default=0) + 1

    def _scan_one(self, path: Path, old: Generation | None, cur: Generation | None,
                  docs: dict[str, ParsedDoc], report: ReloadReport) -> None:
        name = path.name
        try:
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
            if old and name in old.docs and old.docs[name].sha256 == sha:
                docs[name] = old.docs[name]
                report.unchanged.append(name)
                return
            docs[name] = parse(path)
        except (LoadError, OSError) as exc:
            reason = str(exc) if isinstance(exc, LoadError) else f"không đọc được tệp ({exc.strerror})"
            if cur and name in cur.docs:  # keep serving the last good version
                docs[name] = cur.docs[name]
                reason += "; vẫn dùng bản đã lập chỉ mục trước đó"
            report.failed.append(FileFailure(name, reason))
            return
        (report.updated if cur and name in cur.docs else report.added).append(name)

    def _build(self, docs: dict[str, ParsedDoc], number: int, report: ReloadReport,
               previous: dict[str, DocMeta]) -> Generation:
        model = self.embeddings.model_id
        tag = hashlib.sha1(model.encode()).hexdigest()[:8]
        gen = Generation(number, f"kb-{self.namespace}-g{number}-{tag}", model, PIPELINE_VERSION, docs, report.failed,
                         f"gen-{number:06d}")
        before = self.embeddings.embedded_count
        chunks = gen.chunks
        try:
            self.client.delete_collection(gen.collection)  # left over by a crashed build
        except Exception as exc:
            log.debug("no leftover collection %s (%s)", gen.collection, type(exc).__name__)
        store = self.vectorstore(gen, create=True)
        texts = [embed_text(c, docs[c.doc].meta) for c in chunks]
        self.progress.expect(self.embeddings.missing_count(texts))
        metadatas = [{"doc": c.doc, "line_start": c.line_start, "line_end": c.line_end} for c in chunks]
        for start in range(0, len(chunks), 256):
            store.add_texts(texts[start:start + 256], metadatas[start:start + 256],
                            ids=[c.id for c in chunks[start:start + 256]])
        report.embedded = self.embeddings.embedded_count - before
        gen_dir = self.root / gen.dir
        shutil.rmtree(gen_dir, ignore_errors=True)
        _save_generation(gen_dir, gen)
        self.changelog.record(number, _change_rows(report, docs, previous))
        replaced = self.pointer()
        write_json(self.root / "CURRENT", {"dir": gen_dir.name})  # the atomic switch
        if replaced and (self.root / replaced).exists():  # the grace period runs from now
            (self.root / replaced / SUPERSEDED).write_text(str(self._clock()), "utf-8")
        self.collect_garbage()
        return gen

    def collect_garbage(self, now: float | None = None) -> list[str]:
        """Delete this DATA_DIR's old generations (and crash leftovers) that no live lease holds and
        that are older than the grace period; returns the collections deleted."""
        now = self._clock() if now is None else now
        current, held = self.pointer(), self.leases.live(now)
        keep = {current}
        deleted = []
        for path in self.root.glob("gen-*"):
            age = now - _superseded_at(path)
            collection = _collection_of(path)
            if path.name in keep or collection in held or age < GC_GRACE_S:
                continue
            shutil.rmtree(path, ignore_errors=True)
            if collection:
                deleted.append(collection)
        known = {_collection_of(p) for p in self.root.glob("gen-*")}
        try:
            for col in self.client.list_collections():
                name = getattr(col, "name", col)
                if name.startswith(f"kb-{self.namespace}-") and name not in known and name not in held \
                        and (name in deleted or now - _created(self.client, name) >= GC_GRACE_S):
                    self.client.delete_collection(name)
                    deleted.append(name)
        except Exception as exc:
            log.warning("could not clean old Chroma collections: %s", exc)
        return sorted(set(deleted))


def _superseded_at(gen_dir: Path) -> float:
    """When a generation stopped being current (or was last written, for a crash leftover)."""
    try:
        return float((gen_dir / SUPERSEDED).read_text("utf-8"))
    except (OSError, ValueError):
        return gen_dir.stat().st_mtime


def _collection_of(gen_dir: Path) -> str:
    try:
        return json.loads((gen_dir / "manifest.json").read_text("utf-8"))["collection"]
    except (OSError, ValueError, KeyError):
        return ""


def _created(client, name: str) -> float:
    """When a collection was created (0 when unknown: it may vanish or be unreadable meanwhile)."""
    try:
        return float((client.get_collection(name).metadata or {}).get("created", 0))
    except Exception as exc:  # chromadb raises NotFoundError, or a backend error for a broken one
        log.debug("no creation time for collection %s (%s)", name, type(exc).__name__)
        return 0.0
