"""BM25 over diacritic-folded syllables and syllable bigrams, with abbreviation expansion."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import logging

import bm25s
import numpy as np

from retrieval.abbreviations import expansions
from retrieval.abbreviations import table as abbreviation_table


logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG


def abbreviation_keys() -> frozenset[str]:
    return frozenset(abbreviation_table())
from retrieval.models import Chunk, DocMeta
from retrieval.text import stopwords, tokens


def terms(text: str) -> list[str]:
    """Unigrams and bigrams of folded syllables, plus those of abbreviation expansions."""
    out: list[str] = []
    for part in [text, *expansions(text)]:
        toks = tokens(part)
        out += toks
        out += [f"{a}_{b}" for a, b in zip(toks, toks[1:])]
    return out


def meta_text(meta: DocMeta) -> str:
    """Title, number and date words added to every chunk of a document (metadata questions)."""
    parts = [meta.title]
    if meta.number:
        parts.append(f"số {meta.number.value} {meta.number.value.split('/')[0]}")
    if meta.date:
        y, m, d = meta.date.value.split("-")
        parts.append(f"ngày {int(d)}/{int(m)}/{y} tháng {int(m)} năm {y}")
    return " ".join(parts)


class LexicalIndex:
    def __init__(self, chunks: Sequence[Chunk], metas: dict[str, DocMeta]):
        meta_terms = {doc: terms(meta_text(m)) for doc, m in metas.items()}
        self._meta_terms = {doc: frozenset(ts) for doc, ts in meta_terms.items()}
        self._chunk_terms = [terms(c.text) for c in chunks]
        corpus = [t + meta_terms.get(c.doc, []) for c, t in zip(chunks, self._chunk_terms)]
        self._bm25 = bm25s.BM25()
        if corpus:  # bm25s cannot index an empty corpus
            self._bm25.index(corpus, show_progress=False)
        self._size = len(chunks)
        df = Counter(t for ts in self._chunk_terms for t in set(ts))
        self._idf = {t: math.log(1 + (self._size - n + 0.5) / (n + 0.5)) for t, n in df.items()}
        self._max_idf = math.log(1 + (self._size + 0.5) / 0.5)
        self._vocab = set(self._idf) | {t for ts in meta_terms.values() for t in ts}

    def scores(self, query_terms: list[str]) -> np.ndarray:
        known = [t for t in query_terms if t in getattr(self._bm25, "vocab_dict", {})]
        if not known or not self._size:
            return np.zeros(self._size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)

    def idf(self, term: str) -> float:
        """IDF in chunk text (unseen terms get the maximum: they are the rarest)."""
        return self._idf.get(term, self._max_idf)

    def in_corpus(self, term: str) -> bool:
        """Known anywhere: chunk text or document metadata (titles, numbers, dates)."""
        return term in self._vocab

    def meta_terms(self, doc: str) -> frozenset[str]:
        """Terms of a document's title, number and date (as added to each of its chunks)."""
        return self._meta_terms.get(doc, frozenset())

    def chunk_terms(self, i: int) -> set[str]:
        return set(self._chunk_terms[i])

    @staticmethod
    def content_terms(question: str) -> list[str]:
        """Question unigrams that carry meaning (no function words), deduplicated."""
        # Abbreviations themselves are skipped: their expansions stand for them.
        skip = stopwords() | abbreviation_keys()
        return list(dict.fromkeys(t for t in terms(question) if "_" not in t and t not in skip))
