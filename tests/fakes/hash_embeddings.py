"""A fast stand-in for the e5 model in tests that are about metadata and quotes, not about dense
retrieval: a bag of folded syllables, each a fixed pseudo-random direction."""

from __future__ import annotations

import hashlib
from functools import lru_cache

import numpy as np

from retrieval.embeddings import CachedEmbeddings
from retrieval.text import tokens

DIM = 384


@lru_cache(maxsize=100_000)
def _direction(token: str) -> np.ndarray:
    seed = int.from_bytes(hashlib.sha1(token.encode()).digest()[:4], "little")
    vector = np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
    return vector / np.linalg.norm(vector)


class HashEmbeddings(CachedEmbeddings):
    model_id = "test-hash-bag-of-syllables"

    def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i, text in enumerate(texts):
            for token in tokens(text):
                out[i] += _direction(token)
            norm = np.linalg.norm(out[i])
            out[i] = out[i] / norm if norm else _direction("")
        return out
