"""Choosing the sentences an answer stands on, and judging whether they answer at all."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from retrieval.lexical import LexicalIndex, terms
from retrieval.models import Sentence
from retrieval.query import Query
from retrieval.search import Hit
from retrieval.text import raw_tokens, tokens

TOP_CHUNKS = 5


@dataclass
class Evidence:
    hit: Hit
    sentence: Sentence
    score: float
    similarity: float
    coverage: float


@dataclass
class Support:
    """Signals for abstention, computed on the best evidence."""

    coverage: float         # IDF-weighted share of question content terms found in the evidence
    missing_idf: float      # IDF of the rarest question term the evidence lacks (0 if none)
    unknown_terms: list[str]  # content terms found nowhere in the knowledge base
    dense: float            # cosine similarity of the best chunk
    sentence_similarity: float
    foreign_names: list[str]  # numbers / names of the question absent from the corpus (any language)


def coverage(lexical: LexicalIndex, content: list[str], found: set[str]) -> float:
    total = sum(lexical.idf(t) for t in content)
    return sum(lexical.idf(t) for t in content if t in found) / total if total else 0.0


def select(query: Query, hits: list[Hit], qvec: np.ndarray, sentence_vectors: dict[str, np.ndarray],
           lexical: LexicalIndex) -> list[Evidence]:
    """Sentences of the top chunks, best first."""
    scored: list[Evidence] = []
    for rank, hit in enumerate(hits[:TOP_CHUNKS]):
        vectors = sentence_vectors[hit.chunk.id]
        sims = vectors @ qvec
        for sentence, sim in zip(hit.chunk.sentences, sims):
            cov = coverage(lexical, query.content, set(terms(sentence.text)))
            lexical_weight = 0.1 if query.form == "en" else 0.35
            score = 0.45 * hit.score + 0.5 * float(sim) + lexical_weight * cov - 0.02 * rank
            scored.append(Evidence(hit, sentence, score, float(sim), cov))
    scored.sort(key=lambda e: -e.score)
    return scored


def pick(query: Query, ranked: list[Evidence], lexical: LexicalIndex) -> list[Evidence]:
    """The best sentence, plus a second one from elsewhere that covers what the first misses."""
    if not ranked:
        return []
    best = ranked[0]
    chosen = [best]
    have = set(terms(best.sentence.text))
    missing = [t for t in query.content if t not in have and lexical.in_corpus(t)]
    for other in ranked[1:6]:
        if other.sentence == best.sentence or other.score < 0.8 * best.score:
            continue
        adds = [t for t in missing if t in set(terms(other.sentence.text))]
        if adds and sum(lexical.idf(t) for t in adds) >= 2.0:
            chosen.append(other)
            break
    return chosen


def _question_names(query: Query) -> list[str]:
    """Numbers and capitalised names in the question (language-independent anchors)."""
    words = raw_tokens(query.text)
    names = [w for i, w in enumerate(words) if w[0].isdigit() or (i > 0 and w[0].isupper() and len(w) > 1)]
    return [t for w in names for t in tokens(w)]


def support(query: Query, chosen: list[Evidence], lexical: LexicalIndex, meta_terms: set[str]) -> Support:
    found: set[str] = set(meta_terms)
    for ev in chosen:
        found |= lexical.chunk_terms(ev.hit.index)
    content = [t for t in query.content if query.form != "en" or t[0].isdigit()]
    missing = [t for t in content if t not in found]
    unknown = [t for t in content if not lexical.in_corpus(t) and t not in meta_terms]
    foreign = [t for t in _question_names(query) if not lexical.in_corpus(t) and t not in meta_terms]
    return Support(
        coverage=coverage(lexical, content, found) if content else 1.0,
        missing_idf=max((lexical.idf(t) for t in missing), default=0.0),
        unknown_terms=unknown,
        dense=chosen[0].hit.dense if chosen else 0.0,
        sentence_similarity=chosen[0].similarity if chosen else 0.0,
        foreign_names=foreign,
    )
