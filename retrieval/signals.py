"""The signals the answer decision reads, computed once per question from the retrieved chunks,
the chosen evidence and the documents' metadata. Each is a plain number; decision.py weighs them."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import astuple, dataclass, fields

import numpy as np

from retrieval.answer_types import counted_noun, counts, holds
from retrieval.evidence import Evidence, coverage
from retrieval.lexical import LexicalIndex, index_terms, query_terms, terms
from retrieval.query import Query
from retrieval.search import Hit
from retrieval.text import fold, function_words, is_vi_syllable


@dataclass(frozen=True)
class Signals:
    dense_top: float          # cosine of the closest chunk above the index's noise floor (see search.py)
    dense_margin: float       # that cosine minus the mean of the dense pool
    dense_evidence: float     # cosine of the evidence's chunk above the noise floor (0 outside the dense pool)
    lexical_evidence: float   # its BM25 score relative to the best
    evidence_rank: float      # rank of that chunk among the hits (0 = first)
    fused_margin: float       # fused score of hit 1 minus hit 2
    coverage_evidence: float  # IDF share of the question's content words in the chosen sentences
    coverage_chunk: float     # ... in the best chunk and its document's title, number and date
    coverage_top: float       # ... anywhere in the top chunks (two-part questions)
    missing_idf: float        # IDF (0..1) of the rarest known question word the evidence chunk lacks
    unknown_share: float      # IDF share of question words found nowhere in the knowledge base
    foreign_unknown: float    # 1 when a non-Vietnamese word of the question is unknown to the knowledge base
    type_missing: float       # 1 when the question asks for a number/date/person... the evidence lacks
    counted_missing: float    # 1 when "bao nhiêu X" finds no number right before X in the evidence
    numbers_missing: float    # share of the question's numbers absent from the evidence chunk and its header
    year_missing: float       # 1 when a year the question names is absent from there
    names_missing: float      # share of the question's names absent from the evidence chunk and its header
    bigram_coverage: float    # share of the question's content bigrams in the evidence chunk
    yes_no: float             # a yes/no question (an extract cannot say yes or no)
    english: float
    plain: float              # typed without diacritics

    def vector(self) -> np.ndarray:
        return np.asarray(astuple(self), dtype=np.float64)


FEATURES = [f.name for f in fields(Signals)]
_YEAR = re.compile(r"(19|20)\d\d")
TOP = 3


def _content_bigrams(query: Query) -> list[str]:
    stop = function_words(query.form)
    own = set(query_terms(query.normalized) if query.form == "vi" else terms(query.normalized)) \
        if query.form != "en" else set(query.terms)
    return [t for t in own if "_" in t and not all(p in stop for p in t.split("_"))]


def _share_missing(items, found: set[str]) -> float:
    items = list(dict.fromkeys(items))
    return sum(t not in found for t in items) / len(items) if items else 0.0


_YES_NO = re.compile(r"\b(co|da|duoc|phai|dung)\b.*\b(khong|chua)\s*\??$|\b(phai khong|dung khong|chua)\s*\??$"
                     r"|^(is|are|was|were|did|does|do|has|have|had|can|could|will|would|should)\b")


def is_yes_no(query: Query) -> bool:
    return bool(_YES_NO.search(fold(query.normalized).strip()))


def _counted_missing(query: Query, chosen: list[Evidence]) -> float:
    noun = counted_noun(fold(query.normalized), function_words(query.form)) if query.form != "en" else None
    return float(noun is not None and not any(counts(noun, ev.sentence.text) for ev in chosen))


def compute(query: Query, hits: list[Hit], chosen: list[Evidence], lexical: LexicalIndex,
            dense_pool: np.ndarray, neighbours: Callable[[int], list[int]], noise_floor: float) -> Signals:
    """`neighbours(i)`: chunk i and the chunks next to it in its document; `noise_floor`: the best
    cosine questions about unrelated things reach in this index."""
    best = chosen[0].hit
    meta = set(lexical.meta_terms(best.chunk.doc))
    # The evidence region: the chunk, its neighbours in the same document, the document's header.
    chunk_terms = set().union(*(lexical.chunk_terms(i) for i in neighbours(best.index))) | meta
    evidence_terms = set().union(*(index_terms(ev.sentence.text) for ev in chosen)) | meta
    top_terms = set().union(*(lexical.chunk_terms(h.index) | lexical.meta_terms(h.chunk.doc) for h in hits[:TOP]))
    known_missing = [t for t in query.content if t not in chunk_terms and lexical.in_corpus(t)]
    unknown = [t for t in query.content if not lexical.in_corpus(t)]
    total_idf = sum(lexical.idf(t) for t in query.content)
    pool = dense_pool[dense_pool > 0]
    bigrams = _content_bigrams(query)
    return Signals(
        dense_top=float(pool.max()) - noise_floor if pool.size else 0.0,
        dense_margin=float(pool.max() - pool.mean()) if pool.size else 0.0,
        dense_evidence=best.dense - noise_floor if best.dense else 0.0,
        lexical_evidence=best.lexical,
        evidence_rank=float(chosen[0].rank),
        fused_margin=hits[0].score - (hits[1].score if len(hits) > 1 else 0.0),
        coverage_evidence=coverage(lexical, query.content, evidence_terms),
        coverage_chunk=coverage(lexical, query.content, chunk_terms),
        coverage_top=coverage(lexical, query.content, top_terms),
        missing_idf=max((lexical.idf(t) for t in known_missing), default=0.0) / lexical.max_idf,
        unknown_share=sum(lexical.idf(t) for t in unknown) / total_idf if total_idf else 0.0,
        foreign_unknown=float(any(t.isalpha() and not is_vi_syllable(t) for t in unknown)),
        type_missing=float(not any(holds(query.asks, ev.sentence.text) for ev in chosen)),
        counted_missing=_counted_missing(query, chosen),
        numbers_missing=_share_missing(query.numbers, chunk_terms),
        year_missing=float(any(_YEAR.fullmatch(n) and n not in chunk_terms for n in query.numbers)),
        names_missing=_share_missing(query.names, chunk_terms),
        bigram_coverage=1.0 - _share_missing(bigrams, chunk_terms) if bigrams else 1.0,
        yes_no=float(is_yes_no(query)),
        english=float(query.form == "en"),
        plain=float(query.form == "vi_plain"),
    )
