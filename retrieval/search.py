"""Hybrid retrieval: Chroma dense search and BM25, fused by normalised scores with weights
chosen by the question's form (accented Vietnamese, unaccented Vietnamese, English)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

import numpy as np

from retrieval.accents import Accents
from retrieval.embeddings import CachedEmbeddings
from retrieval.lexical import LexicalIndex
from retrieval.models import Chunk, DocMeta, Sentence
from retrieval.query import Query

# (dense, lexical) weights by question form, chosen on the dev set's train+validation splits (hit@3).
# Unaccented questions embed worse even with their diacritics restored; English ones reach the
# Vietnamese text lexically only through the glossary.
WEIGHTS = {"vi": (0.5, 0.5), "vi_plain": (0.2, 0.8), "en": (0.5, 0.5)}
POOL = 40
CONTINUATION_CHUNKS = 3   # a sentence split into pieces is followed this far (a quote stays a few lines)
_ENDS_SENTENCE = re.compile(r"[.!?…]['\"”)]*\s*$")
# where chunking.py splits a long sentence into pieces, or a lead whose content follows on the next
# line ("d) … từ đủ 60 tháng đến dưới 120 tháng:" / "Hỗ trợ 6.000.000 đồng/người.")
_GOES_ON = re.compile(r"[;,:]\s*$")


@cache
def offtopic_questions() -> tuple[str, ...]:
    text = resources.files("retrieval.data").joinpath("offtopic.txt").read_text("utf-8")
    return tuple(line for line in text.splitlines() if line.strip() and not line.startswith("#"))


@dataclass
class Hit:
    index: int          # position in the generation's chunk list
    chunk: Chunk
    score: float        # fused, 0..1
    dense: float        # cosine similarity (0 when not in the dense pool)
    lexical: float      # BM25 normalised by the best BM25 score


def _normalise(values: np.ndarray) -> np.ndarray:
    top = float(values.max()) if values.size else 0.0
    low = float(np.percentile(values, 50)) if values.size else 0.0
    if top <= low:
        return np.zeros_like(values)
    return np.clip((values - low) / (top - low), 0.0, 1.0)


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the (up to) k highest positive scores, best first, ties by position: a partial
    sort (a full one costs more than the rest of the search at 100k chunks)."""
    if len(scores) > k:
        kth = float(scores[np.argpartition(-scores, k)[:k]].min())
        # everything tied with the k-th score competes, so ties resolve by position as a full sort would
        candidates = np.flatnonzero(scores >= kth) if kth > 0 else np.flatnonzero(scores > 0)
    else:
        candidates = np.flatnonzero(scores > 0)
    return candidates[np.lexsort((candidates, -scores[candidates]))][:k]


class HybridRetriever:
    def __init__(self, chunks: list[Chunk], metas: dict[str, DocMeta], collection, embeddings: CachedEmbeddings):
        """collection: the generation's chromadb Collection."""
        self.chunks = chunks
        self.metas = metas
        self.position = {c.id: i for i, c in enumerate(chunks)}
        self.lexical = LexicalIndex(chunks, metas)
        self.collection = collection
        self.embeddings = embeddings

    @cached_property
    def accents(self) -> Accents:
        """Diacritics for questions typed without them, learnt from this index's text (on first use)."""
        return Accents(c.text for c in self.chunks)

    def dense_text(self, query: Query) -> str:
        """What the embedding model is given: a question typed without diacritics gets them back."""
        return self.accents.restore(query.dense_text) if query.form == "vi_plain" else query.dense_text

    @cached_property
    def noise_floor(self) -> float:
        """The mean best cosine of questions about unrelated things (data/offtopic.txt) in this index:
        e5 similarities bunch together at a level that depends on the collection, so dense scores are
        read relative to this floor. Computed on first use (~20 query embeddings)."""
        # as typed: the floor belongs to the collection and the model, not to the query tables
        # (a bigger glossary must not move every decision)
        scores = [float(self.dense_scores(self.embeddings.query_vector(q)).max()) for q in offtopic_questions()]
        return float(np.mean(scores)) if scores else 0.0

    def neighbours(self, i: int) -> list[int]:
        """Chunk i and the chunks before and after it in the same document."""
        doc = self.chunks[i].doc
        return [j for j in (i - 1, i, i + 1) if 0 <= j < len(self.chunks) and self.chunks[j].doc == doc]

    def rest_of_sentence(self, i: int) -> list[Sentence]:
        """When chunk i ends inside a sentence (a long one is split at ';' into pieces): the pieces
        after it, up to the sentence's end, from the next chunks of the same document."""
        own = self.chunks[i].sentences
        if not own or not _GOES_ON.search(own[-1].text):  # a heading or caption does not go on
            return []
        rest, end = [], own[-1].line_end
        for j in range(i + 1, min(i + 1 + CONTINUATION_CHUNKS, len(self.chunks))):
            if self.chunks[j].doc != self.chunks[i].doc:
                break
            for sentence in self.chunks[j].sentences:
                if sentence.line_start > end + 1:  # a page break between: the quote would not be verbatim
                    return []
                rest.append(sentence)
                end = sentence.line_end
                if _ENDS_SENTENCE.search(sentence.text):
                    return rest
        return []  # the sentence does not end within reach

    def windows(self, hits: list["Hit"], n: int) -> list[Chunk]:
        """The first n hits, each widened by its neighbours into one passage (overlaps merged
        away), in hit order: context for a language model."""
        seen: set[int] = set()
        out = []
        for hit in hits[:n]:
            if hit.index in seen:
                continue
            window = [i for i in self.neighbours(hit.index) if i not in seen]
            seen.update(window)
            parts = [self.chunks[i] for i in window]
            sentences = tuple(s for c in parts for s in c.sentences)
            out.append(Chunk(hit.chunk.id, hit.chunk.doc, " ".join(c.text for c in parts),
                             sentences[0].line_start, sentences[-1].line_end, sentences))
        return out

    def dense_scores(self, query_vector: np.ndarray) -> np.ndarray:
        """Cosine similarity for the POOL nearest chunks (Chroma), zero elsewhere."""
        scores = np.zeros(len(self.chunks), dtype=np.float32)
        k = min(POOL, len(self.chunks))
        if k == 0:
            return scores
        # distances only: fetching the 40 texts and metadata too costs 3x the search at 100k chunks
        found = self.collection.query(query_embeddings=[query_vector], n_results=k, include=["distances"])
        for chunk_id, distance in zip(found["ids"][0], found["distances"][0]):
            if chunk_id in self.position:
                scores[self.position[chunk_id]] = 1.0 - float(distance)
        return scores

    def search(self, query: Query, query_vector: np.ndarray, k: int = 8) -> tuple[list[Hit], np.ndarray]:
        """The k best chunks, and the dense scores of the pool (cosine; zero outside it)."""
        dense = self.dense_scores(query_vector)
        lexical = self.lexical.scores(list(query.terms))
        w_dense, w_lex = WEIGHTS[query.form]
        in_pool = dense > 0
        dense_norm = np.zeros_like(dense)
        if in_pool.any():
            dense_norm[in_pool] = _normalise(dense[in_pool])
        lex_max = float(lexical.max()) if lexical.size else 0.0
        lex_norm = lexical / lex_max if lex_max > 0 else lexical
        fused = w_dense * dense_norm + w_lex * lex_norm
        order = _top(fused, k)
        hits = [Hit(int(i), self.chunks[i], float(fused[i]), float(dense[i]), float(lex_norm[i]))
                for i in order if fused[i] > 0]
        return hits, dense
