"""Understanding a question: validation, language and form, intent, terms."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from retrieval.abbreviations import expand
from retrieval.lexical import LexicalIndex, terms
from retrieval.text import collapse_ws, fold, has_vietnamese_marks, is_vi_syllable, nfc, raw_tokens

MAX_QUESTION_CHARS = 1000
_INTENTS = {
    "signer": re.compile(r"\b(ai ky|nguoi ky|ky boi|ky ten|ky thong bao|who signed|signed by|signatory|signer)\b"),
    "number": re.compile(r"\b(so hieu|so ky hieu|so may|so bao nhieu|what number|document number|reference number)\b"),
    "date": re.compile(r"\b(ngay nao|ngay bao nhieu|ngay may|khi nao|luc nao|thoi gian nao|ban hanh ngay"
                       r"|what date|when was|which date|dated|date of)\b"),
    "issuer": re.compile(r"\b(co quan nao ban hanh|ai ban hanh|don vi nao ban hanh|who issued|issued by)\b"),
}


class InvalidQuestion(ValueError):
    """The question cannot be processed; .code selects the user-facing message."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Query:
    text: str                 # cleaned question
    language: str             # vi | en
    form: str                 # vi | vi_plain | en
    intent: str | None        # signer | number | date | issuer | None
    terms: list[str]          # lexical query terms (with abbreviation expansions)
    content: list[str]        # content unigrams for coverage checks
    dense_text: str           # what the embedding model sees


def _strip_controls(text: str) -> str:
    return "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text)


def _latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    latin = [c for c in letters if "LATIN" in unicodedata.name(c, "")]
    return len(latin) / len(letters) if letters else 0.0


def detect_form(text: str) -> str:
    if has_vietnamese_marks(text):
        return "vi"
    words = [t for t in raw_tokens(text) if t.isalpha() and not t.isupper()]
    foreign = [w for w in words if not is_vi_syllable(w)]
    return "en" if words and len(foreign) >= max(1, 0.4 * len(words)) else "vi_plain"


def detect_intent(text: str) -> str | None:
    folded = fold(text)
    return next((name for name, pattern in _INTENTS.items() if pattern.search(folded)), None)


def parse_question(question: str) -> Query:
    """Validate and analyse; raises InvalidQuestion with a message code."""
    text = collapse_ws(_strip_controls(nfc(question or "")))
    if not text:
        raise InvalidQuestion("empty")
    if len(text) > MAX_QUESTION_CHARS:
        raise InvalidQuestion("too_long")
    if not any(c.isalnum() for c in text):
        raise InvalidQuestion("no_words")
    if _latin_share(text) < 0.5:
        raise InvalidQuestion("unsupported_language")
    form = detect_form(text)
    return Query(text=text, language="en" if form == "en" else "vi", form=form, intent=detect_intent(text),
                 terms=terms(text), content=LexicalIndex.content_terms(text), dense_text=expand(text))
