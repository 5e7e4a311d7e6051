"""Choosing the sentences an answer stands on, and judging whether they answer at all."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from retrieval.lexical import LexicalIndex, abbreviation_keys, terms
from retrieval.models import Sentence
from retrieval.query import Query
from retrieval.search import Hit
from retrieval.text import fold, is_vi_syllable, raw_tokens, stopwords, tokens

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
    missing_numbers: list[str]  # numbers of the question absent from the evidence
    missing_entities: list[str]  # brand / organisation names of the question absent from the evidence
    bigram_coverage: float  # share of the question's content bigrams found in the evidence
    type_ok: bool           # the evidence holds the kind of thing asked for (number, date, name)



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
            score += 0.15 * _type_ok(query, sentence.text)
            scored.append(Evidence(hit, sentence, score, float(sim), cov))
    scored.sort(key=lambda e: -e.score)
    return scored


def pick(query: Query, ranked: list[Evidence], lexical: LexicalIndex) -> list[Evidence]:
    """The best sentence, plus a second one from elsewhere that covers what the first misses."""
    if not ranked:
        return []
    # Prefer a close runner-up that holds what is asked for (a number, a date, a name).
    typed = [ev for ev in ranked[:4]
             if _type_ok(query, ev.sentence.text)
             and (ev.hit is ranked[0].hit or ev.coverage >= 0.6 * ranked[0].coverage)]
    best = typed[0] if typed and typed[0].score >= ranked[0].score - 0.25 else ranked[0]
    chosen = [best]
    have = set(terms(best.sentence.text))
    missing = [t for t in query.content if t not in have and lexical.in_corpus(t)]
    for other in ranked[1:6]:
        if other.sentence == best.sentence or other.score < 0.8 * ranked[0].score:
            continue
        adds = [t for t in missing if t in set(terms(other.sentence.text))]
        if adds and sum(lexical.idf(t) for t in adds) >= 2.0:
            chosen.append(other)
            break
    return chosen


def _question_names(query: Query) -> list[str]:
    """Numbers and names in the question (language-independent anchors). In English only
    acronyms and brand-like words count: ordinary capitalised English words are not names."""
    words = raw_tokens(query.text)
    if query.form == "en":
        names = [w for w in words if w[0].isdigit() or (len(w) > 1 and sum(c.isupper() for c in w) >= 2)]
    else:
        names = [w for i, w in enumerate(words) if w[0].isdigit() or (i > 0 and w[0].isupper() and len(w) > 1)]
    known_abbreviations = abbreviation_keys()
    return [t for w in names for t in tokens(w) if t not in known_abbreviations]


def _is_name_word(word: str) -> bool:
    return word[0].isupper() and (len(word) == 1 or not word.isupper())


def _entities(query: Query, lexical: LexicalIndex) -> list[str]:
    """Names that identify what is asked about: acronyms (VNPT) and non-Vietnamese words written
    with a capital (Viettel, MobiFone). The evidence must mention them. In English questions a
    capitalised word only counts if the documents use it (so 'Ministry' does not)."""
    known = abbreviation_keys()
    out = []
    for word in raw_tokens(query.text):
        if not word[0].isalpha() or not word[0].isupper() or len(word) < 2:
            continue
        folded = fold(word)
        acronym = word.isupper()
        foreign = not is_vi_syllable(folded) and (query.form != "en" or lexical.in_corpus(folded))
        if (acronym or foreign) and folded not in known and folded not in stopwords():
            out.append(folded)
    return list(dict.fromkeys(out))


def _name_bigrams(query: Query) -> list[str]:
    """Bigrams inside runs of capitalised words (proper names: 'Nhật Bản', 'Bộ Y tế' -> 'bo_y')."""
    if query.form != "vi":
        return []
    words = [w for w in raw_tokens(query.text)]
    out = []
    for i in range(len(words) - 1):
        a, b = words[i], words[i + 1]
        if _is_name_word(a) and _is_name_word(b):
            out.append(f"{fold(a)}_{fold(b)}")
    return out


def _content_bigrams(query: Query) -> list[str]:
    stop = stopwords()
    toks = tokens(query.text)
    return [f"{a}_{b}" for a, b in zip(toks, toks[1:]) if a not in stop and b not in stop]


_ASKS_NUMBER_PLAIN = re.compile(r"\b(bao nhieu|may|ty le|how many|how much|what percentage|what share)\b")
_ASKS_NUMBER = re.compile(r"(?<!\w)(bao nhiêu|mấy|tỷ lệ|tỉ lệ|how many|how much|what percentage|what share)(?!\w)")
_ASKS_DATE = re.compile(r"\b(ngay nao|khi nao|nam nao|thang may|thang nao|luc nao|when|what date|which year)\b")
# Matched on the accented question: folded 'luong' is both lương (salary) and lượng (quantity),
# folded 'gia' is giá (price) but also quốc gia. Unaccented questions only match unambiguous words.
_ASKS_MONEY = re.compile(r"(?<!\w)(bao nhiêu tiền|giá|chi phí|kinh phí|ngân sách|lương|mức phí|how much money|cost"
                         r"|price|budget|salary)(?!\w)")
_ASKS_MONEY_PLAIN = re.compile(r"\b(bao nhieu tien|chi phi|kinh phi|ngan sach|muc phi)\b")
_ASKS_PERCENT = re.compile(r"\b(ty le|phan tram|bao nhieu %|percentage|percent|share)\b")
_ASKS_PERSON = re.compile(r"(?:^|\s)(ai|who)(?:\s|\?|$)")
_COUNTED = re.compile(r"\b(?:bao nhieu|how many)\s+(\w+)")
_HAS_DATE = re.compile(r"\d{1,2}[/-]\d{1,2}|\b(ngay|thang|nam)\s+\d|\b(19|20)\d\d\b")
_HAS_MONEY = re.compile(r"\d[\d.,]*\s*(dong|ty|trieu|nghin|ngan|usd|vnd|\$)|\$\s*\d")
_PERSON = re.compile(r"(?<!^)(?<![.!?:]\s)\b[A-ZÀ-ỸĐ][a-zà-ỹđ]+(?:\s[A-ZÀ-ỸĐ][a-zà-ỹđ]+){1,3}")
_NUMBER_TOKEN = re.compile(r"\d[\d.,]*%?")


def _counted_noun_ok(folded_q: str, evidence_text: str) -> bool:
    """'bao nhiêu nhân viên' needs a number shortly before 'nhân viên' in the evidence."""
    m = _COUNTED.search(folded_q)
    if not m or m.group(1) in stopwords() or m.group(1)[0].isdigit():
        return True
    noun = "%" if m.group(1) == "phan" else m.group(1)
    words = re.findall(r"\d[\d.,]*%?|\w+", fold(evidence_text))
    for i, w in enumerate(words):
        if _NUMBER_TOKEN.fullmatch(w):
            if noun == "%" and w.endswith("%") or noun in words[i + 1:i + 4]:
                return True
    return False


def _asks(query: Query, accented: re.Pattern, plain: re.Pattern) -> bool:
    """Question-word match: on the accented text when there is one (folding makes 'máy' 'mấy')."""
    return bool(plain.search(fold(query.text)) if query.form == "vi_plain" else accented.search(query.text.lower()))


def _type_ok(query: Query, evidence_text: str) -> bool:
    folded_q, folded_e = fold(query.text), fold(evidence_text)
    asks_number = _asks(query, _ASKS_NUMBER, _ASKS_NUMBER_PLAIN)
    if _ASKS_DATE.search(folded_q):
        return bool(_HAS_DATE.search(folded_e))
    if _ASKS_PERCENT.search(folded_q):
        return "%" in folded_e or "phan tram" in folded_e
    if asks_number and _asks(query, _ASKS_MONEY, _ASKS_MONEY_PLAIN):
        return bool(_HAS_MONEY.search(folded_e))
    if asks_number:
        return any(ch.isdigit() for ch in folded_e) and (query.form == "en" or _counted_noun_ok(folded_q, evidence_text))
    if _ASKS_PERSON.search(query.text.lower()):
        return bool(_PERSON.search(evidence_text))
    return True


def support(query: Query, chosen: list[Evidence], lexical: LexicalIndex, meta_terms: set[str]) -> Support:
    found: set[str] = set(meta_terms)
    for ev in chosen:
        found |= lexical.chunk_terms(ev.hit.index)
    content = [t for t in query.content if query.form != "en" or t[0].isdigit()]
    missing = [t for t in content if t not in found]
    unknown = [t for t in content if not lexical.in_corpus(t) and t not in meta_terms]
    names = _question_names(query)
    foreign = [t for t in names + _name_bigrams(query) if not lexical.in_corpus(t) and t not in meta_terms]
    best_terms = (lexical.chunk_terms(chosen[0].hit.index) | meta_terms) if chosen else set()
    numbers = [t for t in names if t[0].isdigit() and t not in best_terms]
    bigrams = _content_bigrams(query)
    asked_about = [t for t in _entities(query, lexical) if t not in foreign]
    # one named subject: the best evidence must be about it; several: together they must cover them
    scope = best_terms if len(asked_about) == 1 else found
    entities = [t for t in asked_about if t not in scope]
    # The type check reads the sentence that matches the question best, not a filler beside it.
    main = max(chosen, key=lambda ev: ev.coverage).sentence.text if chosen else ""
    return Support(
        coverage=coverage(lexical, content, found) if content else 1.0,
        missing_idf=max((lexical.idf(t) for t in missing), default=0.0),
        unknown_terms=unknown,
        dense=chosen[0].hit.dense if chosen else 0.0,
        sentence_similarity=chosen[0].similarity if chosen else 0.0,
        foreign_names=foreign,
        missing_numbers=numbers,
        missing_entities=entities,
        bigram_coverage=sum(b in found for b in bigrams) / len(bigrams) if bigrams else 1.0,
        type_ok=_type_ok(query, main),
    )
