"""Term postings of every chunk in flat arrays, and the BM25 index built from them.

At 100k chunks (~290 distinct terms each) per-chunk lists, or bm25s's own build (three arrays
per posting before its sparse matrix), cost more memory than everything else in the process.
Here each posting is 4 bytes of term id plus 2 of count, written once; the BM25 weights are
computed block by block straight into the CSR layout, so the peak is the final matrix plus
these arrays. Scoring is bm25s's own (its 'lucene' variant, whose weights this reproduces)."""

from __future__ import annotations

from array import array
from collections import Counter

import bm25s
import numpy as np
import scipy.sparse as sp

K1, B = 1.5, 0.75   # bm25s's defaults
BLOCK = 8192        # documents weighted at a time: bounds the temporary arrays


class Postings:
    """For chunk i: the distinct term ids and their counts, in [indptr[i], indptr[i + 1])."""

    def __init__(self):
        self._ids, self._counts, self._indptr, self._lengths = array("i"), array("H"), array("q", [0]), array("i")

    def add(self, term_ids: list[int]) -> None:
        counts = Counter(term_ids)
        self._ids.extend(counts.keys())
        self._counts.extend(min(n, 65535) for n in counts.values())
        self._indptr.append(len(self._ids))
        self._lengths.append(len(term_ids))

    def __len__(self) -> int:
        return len(self._lengths)

    def terms_of(self, i: int) -> np.ndarray:
        return np.frombuffer(self._ids, dtype=np.int32)[self._indptr[i]:self._indptr[i + 1]]

    def bm25(self, vocab: dict[str, int]) -> bm25s.BM25:
        """A bm25s index over these documents, as bm25s.BM25(method='lucene').index would build it."""
        ids = np.frombuffer(self._ids, dtype=np.int32)
        counts = np.frombuffer(self._counts, dtype=np.uint16)
        indptr = np.frombuffer(self._indptr, dtype=np.int64)
        lengths = np.frombuffer(self._lengths, dtype=np.int32)
        n_docs, n_terms = len(lengths), len(vocab)
        df = np.bincount(ids, minlength=n_terms)
        idf = np.log1p((n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
        norm = K1 * ((1 - B) + B * lengths / lengths.mean())
        weights = np.empty(len(ids), dtype=np.float32)
        for start in range(0, n_docs, BLOCK):
            lo, hi = indptr[start], indptr[min(start + BLOCK, n_docs)]
            tf = counts[lo:hi].astype(np.float32)
            doc_norm = np.repeat(norm[start:start + BLOCK], np.diff(indptr[start:start + BLOCK + 1]))
            weights[lo:hi] = idf[ids[lo:hi]] * (tf / (doc_norm + tf))
        matrix = sp.csr_matrix((weights, ids, indptr), shape=(n_docs, n_terms)).tocsc()
        del weights
        index = bm25s.BM25(method="lucene")
        index.scores = {"data": matrix.data, "indices": matrix.indices.astype(np.int32, copy=False),
                        "indptr": matrix.indptr, "num_docs": n_docs}
        index.vocab_dict = {**vocab, "": n_terms}
        index.nonoccurrence_array = None
        return index
