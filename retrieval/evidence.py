"""Choosing the sentences an answer stands on, from the best retrieved chunks.

Sentences are ranked by how much of the question they cover (IDF-weighted, on folded syllables),
whether they hold the kind of thing asked for, and the retrieval score and rank of their chunk
(chunks are one or two sentences, so the chunk's embedding speaks for its sentences)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from retrieval.answer_types import holds, row_holds
from retrieval.bands import fits
from retrieval.context import is_row
from retrieval.lexical import LexicalIndex, index_terms
from retrieval.models import Sentence
from retrieval.query import Query
from retrieval.search import Hit

TOP_CHUNKS = 5
RELATED_PASSAGES = 3
# Sentence ranking weights: chunk retrieval score, question coverage, asked type present, rank penalty.
W_CHUNK, W_COVERAGE, W_TYPE, W_RANK = 0.45, 0.35, 0.15, 0.02
# A sentence setting a band the question's duration falls in ("10 năm" in "từ đủ 108 tháng đến dưới
# 132 tháng") holds what its sibling bands, which miss it, only resemble.
W_BAND = 0.15
# A second sentence joins the answer when it adds this much IDF of question words the first lacks.
SECOND_SENTENCE_IDF = 2.0


@dataclass(frozen=True)
class Evidence:
    hit: Hit
    rank: int               # rank of its chunk among the hits
    sentence: Sentence
    coverage: float         # IDF-weighted share of the question's content words it holds
    typed: bool             # holds the kind of answer asked for
    score: float


def coverage(lexical: LexicalIndex, content: tuple[str, ...] | list[str], found: set[str]) -> float:
    total = sum(lexical.idf(t) for t in content)
    return sum(lexical.idf(t) for t in content if t in found) / total if total else 0.0


def rank_sentences(query: Query, hits: list[Hit], lexical: LexicalIndex,
                   rest_of_sentence: Callable[[int], list[Sentence]] = lambda i: []) -> list[Evidence]:
    """Sentences of the top chunks, best first. A chunk's last piece of a sentence that goes on in the
    next chunk also competes as the whole rest of that sentence ('...; hoàn thành trước ngày 10/6')."""
    ranked = []
    for rank, hit in enumerate(hits):
        if rank >= TOP_CHUNKS and fits(query.duration, hit.chunk.text) < 1:
            continue  # further down, only a band the asked duration falls in is looked at
        for sentence in _candidates(hit, rest_of_sentence):
            found = set(index_terms(sentence.text))
            typed = holds(query.asks, sentence.text)
            if hit.chunk.context and is_row(sentence.text):  # a row means what its table header says
                found |= set(index_terms(hit.chunk.context))
                typed = row_holds(query.asks, sentence.text, hit.chunk.context)
            cov = coverage(lexical, query.content, found)
            score = (W_CHUNK * hit.score + W_COVERAGE * cov + W_TYPE * typed - W_RANK * rank
                     + W_BAND * fits(query.duration, sentence.text))
            ranked.append(Evidence(hit, rank, sentence, cov, typed, score))
    ranked.sort(key=lambda e: -e.score)
    return ranked


def _candidates(hit: Hit, rest_of_sentence: Callable[[int], list[Sentence]]) -> list[Sentence]:
    """A chunk's sentences, and its last one joined with the rest of it from the next chunks."""
    own = list(hit.chunk.sentences)
    if own and (rest := rest_of_sentence(hit.index)):
        own.append(Sentence(" ".join(s.text for s in [own[-1], *rest]), own[-1].line_start, rest[-1].line_end))
    return own


def pick(query: Query, ranked: list[Evidence], lexical: LexicalIndex) -> list[Evidence]:
    """The best sentence, plus a second one from elsewhere that covers what the first misses
    (two-part questions)."""
    if not ranked:
        return []
    best = ranked[0]
    have = set(index_terms(best.sentence.text))
    missing = [t for t in query.content if t not in have and lexical.in_corpus(t)]
    for other in ranked[1:6]:
        if other.sentence == best.sentence or other.score < 0.8 * best.score:
            continue
        adds = [t for t in missing if t in set(index_terms(other.sentence.text))]
        if sum(lexical.idf(t) for t in adds) >= SECOND_SENTENCE_IDF:
            return [best, other]
    return [best]


def distinct(evidence: list[Evidence]) -> list[Evidence]:
    """Without quoting the same lines twice (two parts of a question may rest on one sentence, or on
    a piece of it and the whole)."""
    out: list[Evidence] = []
    for ev in evidence:
        s = ev.sentence
        if not any(o.hit.chunk.doc == ev.hit.chunk.doc and o.sentence.line_start <= s.line_end
                   and s.line_start <= o.sentence.line_end for o in out):
            out.append(ev)
    return out


def related(ranked: list[Evidence], limit: int = RELATED_PASSAGES) -> list[Evidence]:
    """The closest passages when unsure: the best sentence of each of the `limit` chunks whose best
    sentence ranks highest (held-out: the evidence is among them slightly more often than among the
    `limit` best-retrieved chunks)."""
    best: dict[int, Evidence] = {}
    for ev in ranked:  # best first, so the first sentence seen of a chunk is its best
        if len(best) == limit:
            break
        best.setdefault(ev.rank, ev)
    return list(best.values())
