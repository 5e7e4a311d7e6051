"""Hybrid retrieval: Chroma dense search and BM25, fused by normalised scores with weights
chosen by the question's form (accented Vietnamese, unaccented Vietnamese, English)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from retrieval.embeddings import CachedEmbeddings
from retrieval.lexical import LexicalIndex
from retrieval.models import Chunk, DocMeta
from retrieval.query import Query

# (dense, lexical) weights. Unaccented questions embed badly; English ones share no words.
WEIGHTS = {"vi": (0.5, 0.5), "vi_plain": (0.2, 0.8), "en": (0.85, 0.15)}
POOL = 40


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


class HybridRetriever:
    def __init__(self, chunks: list[Chunk], metas: dict[str, DocMeta], vectorstore, embeddings: CachedEmbeddings):
        self.chunks = chunks
        self.metas = metas
        self.position = {c.id: i for i, c in enumerate(chunks)}
        self.lexical = LexicalIndex(chunks, metas)
        self.vectorstore = vectorstore
        self.embeddings = embeddings

    def dense_scores(self, query_vector: np.ndarray) -> np.ndarray:
        """Cosine similarity for the POOL nearest chunks (Chroma), zero elsewhere."""
        scores = np.zeros(len(self.chunks), dtype=np.float32)
        k = min(POOL, len(self.chunks))
        if k == 0:
            return scores
        found = self.vectorstore.similarity_search_by_vector_with_relevance_scores(query_vector.tolist(), k=k)
        for doc, distance in found:
            if doc.id in self.position:
                scores[self.position[doc.id]] = 1.0 - float(distance)
        return scores

    def search(self, query: Query, query_vector: np.ndarray, k: int = 8) -> list[Hit]:
        dense = self.dense_scores(query_vector)
        lexical = self.lexical.scores(query.terms)
        w_dense, w_lex = WEIGHTS[query.form]
        in_pool = dense > 0
        dense_norm = np.zeros_like(dense)
        if in_pool.any():
            dense_norm[in_pool] = _normalise(dense[in_pool])
        lex_max = float(lexical.max()) if lexical.size else 0.0
        lex_norm = lexical / lex_max if lex_max > 0 else lexical
        fused = w_dense * dense_norm + w_lex * lex_norm
        order = np.argsort(-fused, kind="stable")[:k]
        return [Hit(int(i), self.chunks[i], float(fused[i]), float(dense[i]), float(lex_norm[i]))
                for i in order if fused[i] > 0]
