"""The answer engine: opens (or builds) the index and answers questions.

>>> engine = Engine.open(Path("knowledge"), Path(".data"))
>>> engine.answer("Ai ký thông báo 125?").citations[0].quote
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, replace
import time
from pathlib import Path

import numpy as np

from retrieval import abstention, answering, evidence
from retrieval.embeddings import E5Embeddings, EmbeddingCache, OllamaEmbeddingModel, Progress
from retrieval.lexical import terms
from retrieval.models import Answer, ReloadReport
from retrieval.query import MAX_QUESTION_CHARS, InvalidQuestion, Query, parse_question
from retrieval.search import HybridRetriever
from retrieval.store import Generation, IndexStore, embed_text, make_chroma_client
from retrieval.text import fold
from retrieval.texts import text

log = logging.getLogger(__name__)


@dataclass
class Prepared:
    query: Query | None
    hits: list
    answer: Answer     # the extractive answer (or not_found)
    kind: str          # invalid | abstained | metadata | extractive
_DOC_NUMBER = re.compile(r"\b\d+/\d*/?[A-ZĐ]{1,5}\b|\b(thông báo|quyết định|văn bản|announcement|decision)"
                         r"\s+(số\s+|no\.?\s*)?\d+\b", re.IGNORECASE)
_DOC_WORDS = re.compile(r"\b(thong bao|van ban|quyet dinh|ban hanh|bai viet|bai bao|ky|dang|announcement"
                        r"|document|decision|issued|published|signed)\b")


class Engine:
    """Thread-safe: answers run concurrently; a reload swaps the searcher in one assignment."""

    def __init__(self, store: IndexStore, knowledge_dir: Path):
        self.store = store
        self.knowledge_dir = knowledge_dir
        self.embeddings = store.embeddings
        self._reload_lock = threading.Lock()
        self._state: tuple[Generation, HybridRetriever, dict[str, np.ndarray]] | None = None

    @classmethod
    def open(cls, knowledge_dir: Path, data_dir: Path, chroma_host: str = "", chroma_port: int = 8000,
             progress: Progress | None = None, update: bool = True, embed_model: str = "",
             ollama_url: str = "") -> "Engine":
        """embed_model empty = the bundled e5; otherwise an Ollama embedding model (e.g. bge-m3).
        Switching models builds a new collection: vectors of different models never mix."""
        data_dir.mkdir(parents=True, exist_ok=True)
        cache = EmbeddingCache(data_dir / "embeddings.sqlite")
        embeddings = (OllamaEmbeddingModel(embed_model, ollama_url, cache, progress) if embed_model
                      else E5Embeddings(cache, progress))
        store = IndexStore(data_dir, embeddings, make_chroma_client(data_dir, chroma_host, chroma_port))
        engine = cls(store, knowledge_dir)
        if update:
            engine.reload()
        else:
            engine.load_current()
        return engine

    # -- index lifecycle --------------------------------------------------------------------
    def load_current(self) -> bool:
        gen = self.store.current()
        if gen is None or not self.store.collection_ok(gen):
            return False
        retriever = HybridRetriever(gen.chunks, gen.metas, self.store.vectorstore(gen), self.embeddings)
        self._state = (gen, retriever, self._sentence_vectors(gen))
        return True

    def reload(self, force: bool = False) -> ReloadReport:
        with self._reload_lock:
            report = self.store.reload(self.knowledge_dir, force=force)
            if not self.load_current():  # e.g. a corrupt collection: rebuild from the documents
                log.warning("index unusable after reload; rebuilding from %s", self.knowledge_dir)
                report = self.store.reload(self.knowledge_dir, force=True)
                self.load_current()
        return report

    def _sentence_vectors(self, gen: Generation) -> dict[str, np.ndarray]:
        metas = gen.metas
        chunks = gen.chunks
        chunk_vecs = self.embeddings.embed_matrix([embed_text(c, metas[c.doc]) for c in chunks])
        sentence_texts = [s.text for c in chunks for s in c.sentences]
        sent_vecs = self.embeddings.embed_matrix(sentence_texts)
        out, pos = {}, 0
        for c, cvec in zip(chunks, chunk_vecs):
            n = len(c.sentences)
            out[c.id] = sent_vecs[pos:pos + n] if n > 1 else cvec[None, :]
            pos += n
        return out

    def key_points(self, doc: str, k: int = 3) -> list:
        """The k sentences most central to a document (closest to its mean embedding), as
        citations in reading order: an extractive summary whose quotes are verbatim."""
        if self._state is None or doc not in self._state[0].docs:
            return []
        gen, _, sentence_vectors = self._state
        parsed = gen.docs[doc]
        candidates = [(c, i, s) for c in parsed.chunks for i, s in enumerate(c.sentences)
                      if len(s.text) >= 40 and s.line_start != parsed.meta.title_line]
        if not candidates:
            return []
        vectors = np.stack([sentence_vectors[c.id][min(i, len(sentence_vectors[c.id]) - 1)]
                            for c, i, _ in candidates])
        centroid = vectors.mean(axis=0)
        best = sorted(np.argsort(-(vectors @ centroid))[:k])
        return [answering.citation(n, parsed.meta, candidates[j][2].line_start, candidates[j][2].line_end,
                                   candidates[j][2].text) for n, j in enumerate(best, start=1)]

    @property
    def generation(self) -> Generation | None:
        return self._state[0] if self._state else None

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
            query = parse_question(question)
        except InvalidQuestion as exc:
            message = text("vi", exc.code, limit=MAX_QUESTION_CHARS)
            return Prepared(None, [], Answer("not_found", message), "invalid")
        if self._state is None:
            return Prepared(query, [], Answer("not_found", text(query.language, "no_index"),
                                              language=query.language), "abstained")
        gen = self._state[0]
        hits, qvec = self._search(query, context)
        retrieved = [h.chunk.id for h in hits]
        if query.intent and (meta_result := self._metadata(query, gen, hits)):
            meta_result.retrieved = retrieved
            return Prepared(query, hits, meta_result, "metadata")
        chosen, sup = self.support(query, hits, qvec)
        if sup is None or abstention.should_abstain(sup, query.form):
            result, kind = answering.not_found(query), "abstained"
        else:
            result, kind = answering.extractive(query, chosen, gen.metas), "extractive"
        result.retrieved = retrieved
        return Prepared(query, hits, result, kind)

    def _search(self, query: Query, context: str = ""):
        retriever = self._state[1]
        dense_text = f"{context}\n{query.dense_text}" if context else query.dense_text
        qvec = self.embeddings.query_vector(dense_text)
        search_query = _with_context(query, context) if context else query
        return retriever.search(search_query, qvec), qvec

    def support(self, query: Query, hits, qvec) -> tuple[list, evidence.Support | None]:
        """The chosen evidence sentences and the signals the abstention model reads."""
        _, retriever, sentence_vectors = self._state
        ranked = evidence.select(query, hits, qvec, sentence_vectors, retriever.lexical)
        chosen = evidence.pick(query, ranked, retriever.lexical)
        if not chosen:
            return [], None
        meta_terms = set(retriever.lexical.meta_terms(chosen[0].hit.chunk.doc))
        return chosen, evidence.support(query, chosen, retriever.lexical, meta_terms)

    def _metadata(self, query: Query, gen: Generation, hits) -> Answer | None:
        folded = fold(query.text)
        by_number = [m for m in gen.metas.values()
                     if m.number and re.search(rf"\b{re.escape(m.number.value.split('/')[0])}\b", folded)]
        if not by_number and _DOC_NUMBER.search(query.text):
            return answering.not_found(query)  # asks about a document number we do not have
        if not by_number and not _DOC_WORDS.search(folded):
            return None  # "khi nào ..." about an event, not about a document's date
        if by_number:
            return answering.metadata_answer(query, by_number)
        for hit in hits:
            if result := answering.metadata_answer(query, [gen.metas[hit.chunk.doc]]):
                return result
        return None


def _with_context(query: Query, context: str) -> Query:
    return replace(query, terms=query.terms + terms(context))
