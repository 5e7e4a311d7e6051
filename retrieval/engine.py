"""The answer engine: opens (or builds) the index and answers questions.

>>> engine = Engine.open(Path("knowledge"), Path(".data"))
>>> engine.answer("Ai ký thông báo 125?").citations[0].quote
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from retrieval import answering, decision, doc_questions, evidence, signals, validity
from retrieval.changelog import Change
from retrieval.embeddings import E5Embeddings, EmbeddingCache, OllamaEmbeddingModel
from retrieval.evidence import Evidence
from retrieval.key_points import key_points
from retrieval.loading import LoadError
from retrieval.lexical import query_terms
from retrieval.models import Answer, Chunk, ReloadReport
from retrieval.progress import BuildProgress, Listener
from retrieval.quotes import file_lines
from retrieval.query import (MAX_QUESTION_CHARS, InvalidQuestion, Query, parse_question, question_parts,
                             with_corrections)
from retrieval.search import Hit, HybridRetriever
from retrieval.serving import FOLLOW_INTERVAL_S, ServedIndex
from retrieval.signals import Signals
from retrieval.store import Generation, IndexStore, make_chroma_client
from retrieval.texts import text

log = logging.getLogger(__name__)


def _missing_collection(exc: Exception) -> bool:
    """Chroma's error for a collection another process deleted."""
    return type(exc).__name__ in ("NotFoundError", "InvalidCollectionException") or "does not exist" in str(exc)


@lru_cache(maxsize=64)
def _lines(path: Path, mtime_ns: int) -> list[str]:
    return file_lines(path)


# Passages (best chunks with their neighbours) a language model is given.
CONTEXT_PASSAGES = 6


@dataclass
class Prepared:
    """A question retrieved and decided: the extractive answer plus what a generator needs."""

    query: Query | None
    hits: list[Hit]
    answer: Answer               # answered | related | not_found, extractive
    kind: str                    # invalid | structural | metadata | decided
    chosen: list[Evidence] = field(default_factory=list)     # the evidence an answer would cite
    passages: list[Evidence] = field(default_factory=list)   # the closest passages, for `related`
    probability: float = 0.0     # the calibrated decision's score (kind == decided)
    signals: Signals | None = None
    context: list[Chunk] = field(default_factory=list)       # passages for a language model
    apart: list[Answer] = field(default_factory=list)  # parts answered from a document's header; the
                                                       # rest (query) is what a model is asked


class Engine:
    """Thread-safe: answers run concurrently; a reload swaps the searcher in one assignment."""

    def __init__(self, store: IndexStore, knowledge_dir: Path, model: decision.DecisionModel | None = None,
                 progress: BuildProgress | None = None, clock: Callable[[], float] = time.monotonic):
        self.store = store
        self.knowledge_dir = knowledge_dir
        self.embeddings = store.embeddings
        self.decision = model or decision.default_model()
        self.progress = progress or store.progress
        self.index = ServedIndex(store, knowledge_dir, self.progress, clock)
        self.max_question_chars = MAX_QUESTION_CHARS

    @classmethod
    def open(cls, knowledge_dir: Path, data_dir: Path, chroma_host: str = "", chroma_port: int = 8000,
             listener: Listener | None = None, update: bool = True, embed_model: str = "",
             ollama_url: str = "", max_question_chars: int = MAX_QUESTION_CHARS) -> "Engine":
        """embed_model empty = the bundled e5; otherwise an Ollama embedding model (e.g. bge-m3).
        Switching models builds a new collection: vectors of different models never mix.
        `listener` sees the build's progress; update=False only loads the current index."""
        data_dir.mkdir(parents=True, exist_ok=True)
        progress = BuildProgress(listener)
        cache = EmbeddingCache(data_dir / "embeddings.sqlite")
        embeddings = (OllamaEmbeddingModel(embed_model, ollama_url, cache, progress.update) if embed_model
                      else E5Embeddings(cache, progress.update))
        store = IndexStore(data_dir, embeddings, make_chroma_client(data_dir, chroma_host, chroma_port),
                           server=bool(chroma_host), progress=progress)
        engine = cls(store, knowledge_dir, progress=progress)
        engine.max_question_chars = max_question_chars
        if update:
            engine.reload()
        else:
            engine.load_current()
        return engine

    # -- index lifecycle (retrieval/serving.py) ---------------------------------------------------
    def load_current(self) -> bool:
        return self.index.load_current()

    def follow(self) -> None:
        self.index.follow()

    def reload(self, force: bool = False) -> ReloadReport:
        return self.index.reload(force)

    def close(self) -> None:
        self.index.close()

    def watch(self, stop: threading.Event, interval_s: float = FOLLOW_INTERVAL_S) -> threading.Thread:
        return self.index.watch(stop, interval_s)

    @property
    def generation(self) -> Generation | None:
        return self.index.generation

    # -- answering ----------------------------------------------------------------------------
    def answer(self, question: str, context: str = "") -> Answer:
        """Answer one question; `context` (a previous exchange) only helps retrieval."""
        started = time.perf_counter()
        result = self.prepare(question, context).answer
        result.latency_ms = (time.perf_counter() - started) * 1000
        return result

    def prepare(self, question: str, context: str = "") -> Prepared:
        """Retrieve and decide: the extractive answer plus what a generator needs to do better."""
        try:
            query = parse_question(question, self.max_question_chars)
        except InvalidQuestion as exc:
            return Prepared(None, [], Answer("not_found", text("vi", exc.code, limit=self.max_question_chars)),
                            "invalid")
        self.follow()
        current = self.index.current
        if current is None:
            return Prepared(query, [], self._no_index(query), "building" if self.progress.active else "structural")
        try:
            prepared = self._prepare(query, context, *current)
        except Exception as exc:
            if not _missing_collection(exc):
                raise
            log.warning("collection of generation %s gone (%s); reopening the current one", current[0].dir, exc)
            self.index.follow(now=True)
            current = self.index.current
            prepared = self._prepare(query, context, *current)
        prepared.answer = self.with_validity(prepared.answer, current[0])
        return prepared

    def _no_index(self, query: Query) -> Answer:
        if not self.progress.active:
            return Answer("not_found", text(query.language, "no_index"), language=query.language)
        snap = self.progress.snapshot()
        eta = text(query.language, "eta", seconds=max(1, round(snap.eta_s))) if snap.eta_s is not None else ""
        return Answer("not_found", text(query.language, "building", done=snap.done, total=snap.total or "?", eta=eta),
                      language=query.language)

    def _prepare(self, query: Query, context: str, gen: Generation, retriever: HybridRetriever) -> Prepared:
        query = with_corrections(query, retriever.lexical)
        if reason := decision.structural_reason(query, retriever.lexical, gen.metas):
            log.debug("not found (%s): %s", reason, query.text)
            return Prepared(query, [], answering.not_found(query), "structural")
        hits, qvec, dense = self.search(query, context, retriever)
        parts = self.parts(query, retriever)
        hits = self.with_parts(hits, parts, retriever)
        if not hits:
            return Prepared(query, [], answering.not_found(query), "structural")
        if query.intent and (mixed := self._metadata_parts(parts, gen, hits)):
            asked_of_doc, rest = mixed  # the rest is asked as a question of its own
            prepared = self._prepare(self._joined_parts(rest, retriever), context, gen, retriever)
            prepared.answer = answering.joined(asked_of_doc, prepared.answer)
            prepared.apart = asked_of_doc + prepared.apart
            return prepared
        if query.intent and (result := doc_questions.answer(query, gen.metas, hits, self.lines_of)):
            result.retrieved = [h.chunk.id for h in hits]
            return Prepared(query, hits, result, "metadata")
        return self._decide(query, hits, dense, gen, retriever, parts)

    def _metadata_parts(self, parts: list[Query], gen: Generation, hits: list[Hit],
                        ) -> tuple[list[Answer], list[Query]] | None:
        """For a multi-part question of which some parts ask about a document ('ai ký …, và … báo cáo
        gì?'): those parts' answers from the header, and the parts the text must answer. None when
        the parts are all of one kind."""
        answers, rest = [], []
        for part in parts:
            found = doc_questions.answer(part, gen.metas, hits, self.lines_of) if part.intent else None
            if found is not None and found.status == "answered":
                answers.append(found)
            else:
                rest.append(part)
        return (answers, rest) if answers and rest else None

    @staticmethod
    def _joined_parts(parts: list[Query], retriever: HybridRetriever) -> Query:
        if len(parts) == 1:
            return parts[0]
        return with_corrections(parse_question(", và ".join(p.text for p in parts)), retriever.lexical)

    def with_validity(self, result: Answer, gen: Generation) -> Answer:
        """A note for each cited document that a newer one in the knowledge base replaced or amended."""
        if result.status == "not_found" or not gen.validity:
            return result
        return validity.annotate(result, gen.validity, result.language, answering.citation)

    def lines_of(self, doc: str) -> list[str]:
        """A document's lines as indexed (for quotes spanning several lines)."""
        path = self.knowledge_dir / doc
        try:
            return _lines(path, path.stat().st_mtime_ns)
        except (OSError, ValueError, LoadError):  # unreadable now: quotes fall back to single lines
            return []

    def _decide(self, query: Query, hits: list[Hit], dense: np.ndarray, gen: Generation,
                retriever: HybridRetriever, parts: list[Query]) -> Prepared:
        ranked = evidence.rank_sentences(query, hits, retriever.lexical, retriever.rest_of_sentence)
        chosen = evidence.pick(query, ranked, retriever.lexical)
        passages = evidence.related(ranked)
        if parts:  # each part's best sentence answers it, and leads the passages shown
            chosen = evidence.distinct([evidence.rank_sentences(p, hits, retriever.lexical, retriever.rest_of_sentence)[0]
                                        for p in parts])
            passages = evidence.distinct(chosen + passages)[:evidence.RELATED_PASSAGES]
        sig = signals.compute(query, hits, chosen, retriever.lexical, dense, retriever.neighbours,
                              retriever.noise_floor)
        if decision.nothing_relevant(query, sig):
            return Prepared(query, hits, answering.not_found(query), "structural", signals=sig)
        probability = self.decision.probability(sig)
        status = self.decision.status(probability)
        if status == "answered":
            result = answering.extractive(query, chosen, gen.metas)
        elif status == "related":
            result = answering.related(query, passages, gen.metas)
        else:
            result = answering.not_found(query)
        result.retrieved = [h.chunk.id for h in hits]
        return Prepared(query, hits, result, "decided", chosen, passages, probability, sig,
                        retriever.windows(hits, CONTEXT_PASSAGES))

    def search(self, query: Query, context: str = "", retriever: HybridRetriever | None = None,
               ) -> tuple[list[Hit], np.ndarray, np.ndarray]:
        """The best chunks for a question, its vector, and the dense scores of the pool."""
        retriever = retriever or self.index.current[1]
        dense_text = retriever.dense_text(query)
        dense_text = f"{context}\n{dense_text}" if context else dense_text
        qvec = self.embeddings.query_vector(dense_text)
        search_query = query.with_terms(query_terms(context)) if context else query
        hits, dense = retriever.search(search_query, qvec)
        return hits, qvec, dense

    def parts(self, query: Query, retriever: HybridRetriever) -> list[Query]:
        """The separate questions of a multi-part question, each read on its own ([] for one question)."""
        out = []
        for part in question_parts(query.text):
            try:
                out.append(with_corrections(parse_question(part), retriever.lexical))
            except InvalidQuestion:
                return []
        return out

    def with_parts(self, hits: list[Hit], parts: list[Query], retriever: HybridRetriever) -> list[Hit]:
        """The best chunks of each part take turns with those of the whole question, so the second
        half's passage is not crowded out by the first's."""
        lists = [hits] + [self.search(p, retriever=retriever)[0] for p in parts]
        if len(lists) == 1:
            return hits
        merged: dict[int, Hit] = {}
        for rank in range(max(len(found) for found in lists)):
            for found in lists:
                if rank < len(found):
                    merged.setdefault(found[rank].index, found[rank])
        return list(merged.values())[:len(hits)]

    def key_points(self, doc: str, k: int = 3) -> list:
        """The k sentences most central to a document (for digests), quoted verbatim."""
        gen = self.generation
        if gen is None or doc not in gen.docs:
            return []
        return key_points(gen.docs[doc], self.embeddings, k)

    def changes_since(self, change_id: int) -> list[Change]:
        """Documents added, updated or removed after a change id, up to the generation being served
        (a digest tells only what users can already ask about)."""
        gen = self.generation
        return self.store.changelog.since(change_id, gen.number if gen else 0)

    def last_change_id(self) -> int:
        """The newest change the served generation includes: where a new subscription starts."""
        gen = self.generation
        return self.store.changelog.last_id(gen.number if gen else 0)
