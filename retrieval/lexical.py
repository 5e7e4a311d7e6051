"""BM25 over syllables and syllable bigrams, with abbreviation expansion.

Every passage is indexed twice over: by diacritic-folded syllables ('truyen', matched by questions
typed without diacritics) and by the accented syllables themselves ('truyền'). A question word typed
with diacritics is matched on its accented form, one typed without on its folded form."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from retrieval.abbreviations import expansions
from retrieval.models import Chunk, DocMeta
from retrieval.postings import Postings
from retrieval.text import fold, has_split_syllables, join_split_syllables, keyed_tokens, tokens


TYPO_MIN_LEN = 4  # a 3-letter syllable has dozens of neighbours one edit away


def _grams(toks: list[str]) -> list[str]:
    return toks + [f"{a}_{b}" for a, b in zip(toks, toks[1:])]


def terms(text: str) -> list[str]:
    """Unigrams and bigrams of folded syllables, plus those of abbreviation expansions."""
    return [t for part in [text, *expansions(text)] for t in _grams(tokens(part))]


def index_terms(text: str) -> list[str]:
    """What a passage is indexed under: its folded terms, plus the accented syllables and the
    bigrams of two accented syllables — and, for text a PDF extraction broke into stray consonants
    ('n ăm'), the terms of its syllables joined again."""
    if has_split_syllables(text):
        joined = join_split_syllables(text)
        if joined != text:
            return _index_terms(text) + _index_terms(joined)
    return _index_terms(text)


def _index_terms(text: str) -> list[str]:
    out = terms(text)
    for part in [text, *expansions(text)]:
        folded, keyed = tokens(part), keyed_tokens(part)
        out += [k for k, f in zip(keyed, folded) if k != f]
        out += [f"{a}_{b}" for (a, fa), (b, fb) in zip(zip(keyed, folded), zip(keyed[1:], folded[1:]))
                if a != fa and b != fb]
    return out


def query_terms(text: str) -> list[str]:
    """What a question typed with diacritics searches for: each word as typed (accented or folded),
    bigrams accented where both words carry marks, folded otherwise."""
    out: list[str] = []
    for part in [text, *expansions(text)]:
        folded, keyed = tokens(part), keyed_tokens(part)
        out += keyed
        out += [f"{a}_{b}" if (a != fa and b != fb) else f"{fa}_{fb}"
                for (a, fa), (b, fb) in zip(zip(keyed, folded), zip(keyed[1:], folded[1:]))]
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
    """Terms are held as integer ids in flat postings (see postings.py): at 100k chunks, lists of
    term strings cost gigabytes."""

    def __init__(self, chunks: Sequence[Chunk], metas: dict[str, DocMeta]):
        ids: dict[str, int] = {}
        meta_terms = {doc: index_terms(meta_text(m)) for doc, m in metas.items()}
        self._meta_terms = {doc: frozenset(ts) for doc, ts in meta_terms.items()}
        meta_ids = {doc: [ids.setdefault(t, len(ids)) for t in ts] for doc, ts in meta_terms.items()}
        # a chunk is indexed under its text's and context's terms and its document's metadata terms
        self._postings, df = Postings(), Counter()
        for c in chunks:
            own = [ids.setdefault(t, len(ids)) for t in index_terms(c.searched_text)]
            df.update(set(own))
            self._postings.add(own + meta_ids.get(c.doc, []))
        self._term = list(ids)  # id -> term
        self._bm25 = self._postings.bm25(ids) if chunks else None  # bm25s cannot index an empty corpus
        self._size = len(chunks)
        self._idf = {self._term[i]: math.log(1 + (self._size - n + 0.5) / (n + 0.5)) for i, n in df.items()}
        self._df = {self._term[i]: n for i, n in df.items()}
        self._max_idf = math.log(1 + (self._size + 0.5) / 0.5)
        self._vocab = frozenset(ids)
        self._words = sorted(t for t in self._vocab if "_" not in t and t.isalpha())

    def correct(self, word: str) -> str | None:
        """For a syllable the knowledge base does not know: its folded form if that is known (wrong or
        stray diacritics), else the most frequent known folded syllable within one edit ('nhiu' ->
        'nhieu', 'ngiep' -> 'nghiep'), else None. Short words and numbers are left alone."""
        if not word.isalpha() or word in self._vocab:
            return None
        if fold(word) != word:
            return fold(word) if fold(word) in self._vocab else self.correct(fold(word))
        if len(word) < TYPO_MIN_LEN:
            return None
        found = process.extract(word, self._words, scorer=Levenshtein.distance, score_cutoff=1, limit=None)
        if not found:
            return None
        return max(found, key=lambda m: (self._df.get(m[0], 0), m[0]))[0]

    def scores(self, query_terms: list[str]) -> np.ndarray:
        known = [t for t in query_terms if self._bm25 is not None and t in self._bm25.vocab_dict]
        if not known or not self._size:
            return np.zeros(self._size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)

    def idf(self, term: str) -> float:
        """IDF in chunk text (unseen terms get the maximum: they are the rarest)."""
        return self._idf.get(term, self._max_idf)

    @property
    def max_idf(self) -> float:
        return self._max_idf

    def in_corpus(self, term: str) -> bool:
        """Known anywhere: chunk text or document metadata (titles, numbers, dates)."""
        return term in self._vocab

    def meta_terms(self, doc: str) -> frozenset[str]:
        """Terms of a document's title, number and date (as added to each of its chunks)."""
        return self._meta_terms.get(doc, frozenset())

    def chunk_terms(self, i: int) -> set[str]:
        """Terms of chunk i's text and of its document's metadata."""
        return {self._term[j] for j in self._postings.terms_of(i).tolist()}
