"""Understanding a question once: validation, chat shorthand, language and form, intent, the answer
type asked for, named things, and the folded terms every later stage matches on."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace

from retrieval.abbreviations import expand, expansions, table as abbreviation_table
from retrieval.answer_types import asked_type
from retrieval.bands import asked_duration
from retrieval.lexical import LexicalIndex, query_terms, terms
from retrieval.shorthand import (aliases, expand_shorthand, synonyms, translations, without_aliases,
                                 without_fillers)
from retrieval.text import (collapse_ws, fold, function_words, has_vietnamese_marks, is_vi_syllable, keyed_tokens,
                            nfc, raw_tokens, stopwords, tokens)

MAX_QUESTION_CHARS = 1000
# Share of a Vietnamese question's syllables that carry a mark below which it is read as typed
# without diacritics (ordinary text marks ~80% of syllables; "doanh thu cua Viettel" marks none).
PLAIN_MARK_SHARE = 0.3
DENSE_GLOSS = True
USE_SYNONYMS = True
_DOCS = r"(?:van ban|quyet dinh|nghi dinh|nghi quyet|thong tu|chi thi|cong van|thong bao|luat|document|decision|decree)"
_REL = r"(?:thay the|sua doi|bai bo|huy bo|lam het hieu luc|replace|amend|repeal)"
# Who wrote a news report (its byline answers): also what makes a question about a document.
AUTHOR = (r"tac gia|ai viet|nguoi viet|phong vien nao|written by|who wrote|author|byline|reporters? credited"
          r"|credited reporters?")
# Questions about a document itself, matched on the folded question; the first that matches wins.
_INTENTS = {
    "superseded": re.compile(rf"\b({_DOCS} nao (da |duoc |se )?{_REL}|(bi|da bi|duoc|da duoc) {_REL}|con hieu luc"
                             rf"|het hieu luc chua|(replaced|amended|repealed) by|still in force|which \w+ (replaces|amends"
                             rf"|repeals))\b"),
    "relations": re.compile(rf"\b({_REL}( bo sung)?( nhung| cac)? ({_DOCS}|van ban|nhung gi|gi) ?(nao|gi)?|"
                            rf"what does it (replace|amend|repeal)|which \w+ does it (replace|amend|repeal))\b"),
    "bases": re.compile(r"\b(can cu( vao)?( nhung| cac)? (van ban|gi|nao)|dua (tren|vao) (nhung |cac )?van ban nao"
                        r"|co so phap ly|based on|legal basis)\b"),
    "recipients": re.compile(r"\b(gui (cho |den |toi |len )?(ai|nhung ai|nhung noi nao|noi nao|dau|nhung dau|co quan nao"
                             r"|nhung co quan nao)|noi nhan|duoc gui|gui len|recipients?|sent to|addressed to)\b"),
    "subject": re.compile(r"\b(ve viec gi|v/v gi|noi dung (chinh )?(la )?gi|trich yeu|tieu de|ten (van ban|bai)|noi ve (viec )?gi"
                          r"|viet ve (viec )?gi|ve van de gi|what is (it|the \w+) about|subject of|title of)\b"),
    "signer": re.compile(r"\b(ai (da )?ky|nguoi (da )?ky|ky boi|ky ten|ky thong bao|ky van ban|ky voi tu cach|voi tu cach gi|who signed"
                         rf"|\w+ nao (da )?ky|ky {_DOCS}\b.*\bla ai|signed by|signatory|signer|{AUTHOR})\b"),
    "number": re.compile(r"\b(so hieu|so ky hieu|so may|so bao nhieu|co so (la )?gi|so (cua )?\w* ?(la )?gi|what number"
                         r"|document number|reference number)\b"),
    "date": re.compile(r"\b(ngay nao|ngay bao nhieu|ngay may|khi nao|luc nao|thoi gian nao|ban hanh ngay|hom nao|ky ngay"
                       r"|ngay ky|ngay ban hanh|dang ngay|dang vao ngay|what date|when was|which date|dated|date of)\b"),
    "issuer": re.compile(r"\b(co quan nao ban hanh|ai ban hanh|don vi nao ban hanh|who issued|issued by)\b"),
}
DOC_NUMBER = re.compile(r"\b\d+/[\w./-]*[A-ZĐa-zđ][\w./-]*|(?<!\w)(thông báo|quyết định|văn bản|công văn|nghị định"
                        r"|thông tư|chỉ thị|announcement|decision|decree|document)\s+(số\s+|no\.?\s*)?\d+\b(?!/)",
                        re.IGNORECASE)


class InvalidQuestion(ValueError):
    """The question cannot be processed; .code selects the user-facing message."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Query:
    text: str                 # the question as typed, cleaned (NFC, no control characters)
    normalized: str           # shorthand read as the words meant
    language: str             # vi | en
    form: str                 # vi | vi_plain | en
    intent: str | None        # a question about a document itself: signer | number | date | issuer | subject |
    #                           recipients | bases | relations | superseded (see _INTENTS); None otherwise
    asks: str | None          # answer type: number | date | person | money | percent | ordinal | place | None
    terms: tuple[str, ...]    # lexical query terms: folded unigrams, bigrams, expansions
    content: tuple[str, ...]  # content unigrams (no function words), for coverage
    numbers: tuple[str, ...]  # canonical numbers of the question
    names: tuple[str, ...]    # named things: acronyms, brands, proper-name bigrams (folded)
    doc_numbers: tuple[str, ...]  # document numbers asked about ("125", "13/2023/NĐ-CP")
    dense_text: str           # what the embedding model sees
    duration: float | None = None  # a duration the question names, in months (bands.py)

    def with_terms(self, extra: list[str], content: list[str] | None = None) -> "Query":
        return replace(self, terms=self.terms + tuple(extra),
                       content=tuple(content) if content is not None else self.content)


def _strip_controls(text: str) -> str:
    return "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text)


def _latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    latin = [c for c in letters if "LATIN" in unicodedata.name(c, "")]
    return len(latin) / len(letters) if letters else 0.0


def detect_form(text: str) -> str:
    words = [t for t in raw_tokens(text) if t.isalpha() and not t.isupper()]
    foreign = [w for w in words if not is_vi_syllable(w)]
    if not has_vietnamese_marks(text):
        return "en" if words and len(foreign) >= max(1, 0.4 * len(words)) else "vi_plain"
    syllables = [w for w in words if is_vi_syllable(w)]
    marked = [w for w in syllables if has_vietnamese_marks(w)]
    return "vi_plain" if syllables and len(marked) < PLAIN_MARK_SHARE * len(syllables) else "vi"


# Questions an intent's words also match but that the text answers, not the metadata: a date the
# document sets (when it takes effect, a deadline, a recurring date) is not its issue date, and the
# number of a form or an article is not its number. Documents in the plural ("những văn bản số mấy,
# ngày nào") are those the text cites, not the document itself.
_PLURAL_DOCS = rf"(nhung|cac) {_DOCS}"
_NOT_INTENT = {
    "date": re.compile(r"\b(hieu luc|truoc ngay|han chot|thoi han|cham nhat|het han|ap dung tu|takes? effect"
                       r"|effective|deadline|due|by when|hang (ngay|thang|quy|nam)|moi (thang|quy|nam)|dinh ky"
                       rf"|every (month|quarter|year)|monthly|quarterly|yearly|{_PLURAL_DOCS})\b"),
    "number": re.compile(rf"\b((mau|phu luc|bieu mau|dieu|khoan|muc|chuong|form|appendix|article) so|{_PLURAL_DOCS})\b"),
    "signer": re.compile(rf"\b{_DOCS} nao (da |duoc )?ky\b"),   # which document was signed: not who signed
}


def detect_intent(text: str) -> str | None:
    folded = fold(text)
    return next((name for name, pattern in _INTENTS.items()
                 if pattern.search(folded) and not (name in _NOT_INTENT and _NOT_INTENT[name].search(folded))), None)


def _is_name_word(word: str) -> bool:
    return word[0].isupper() and (len(word) == 1 or not word.isupper())


def named_things(text: str, form: str) -> list[str]:
    """What a question is specifically about: acronyms (VNPT), brand-like words (Viettel, MobiFone) and
    proper names as folded bigrams of capitalised runs ('Bộ Y tế' -> 'bo_y'). Known abbreviations
    are not names; in English, ordinary capitalised words are not names either."""
    known = set(abbreviation_table()) | stopwords()
    words = raw_tokens(text)
    out = []
    for i, word in enumerate(words):
        if not word[0].isalpha() or len(word) < 2 or not word[0].isupper():
            continue
        acronym = sum(c.isupper() for c in word) >= 2
        brand = form != "en" and not is_vi_syllable(word) and i > 0
        if (acronym or brand) and fold(word) not in known:
            out.append(fold(word))
    if form == "vi":
        out += [f"{fold(a)}_{fold(b)}" for i, (a, b) in enumerate(zip(words, words[1:]))
                if i > 0 and _is_name_word(a) and _is_name_word(b) and a.isalpha() and b.isalpha()]
    return list(dict.fromkeys(out))


def _doc_numbers(text: str) -> list[str]:
    found = []
    for m in DOC_NUMBER.finditer(text):
        number = m.group(0) if m.group(0)[0].isdigit() else re.search(r"\d+", m.group(0)).group(0)
        found.append(number)
    return found


def parse_question(question: str, max_chars: int = MAX_QUESTION_CHARS) -> Query:
    """Validate and analyse; raises InvalidQuestion with a message code."""
    text = collapse_ws(_strip_controls(nfc(question or "")))
    if not text:
        raise InvalidQuestion("empty")
    if len(text) > max_chars:
        raise InvalidQuestion("too_long")
    if not any(c.isalnum() for c in text):
        raise InvalidQuestion("no_words")
    if _latin_share(text) < 0.5:
        raise InvalidQuestion("unsupported_language")
    form = detect_form(text)
    normalized, other_meanings = (text, []) if form == "en" else expand_shorthand(text)
    vietnamese = aliases(normalized)      # Vietnamese names (and, for English, words) the question implies
    if form == "en":
        glossed = translations(text)
        vietnamese += [m[0] for m in glossed]
        other_meanings += [alt for m in glossed for alt in m[1:]]
    elif USE_SYNONYMS:
        other_meanings += [formal for m in synonyms(normalized, folded=form == "vi_plain") for formal in m]
    own = _english_anchors(text) if form == "en" else normalized
    grams = query_terms if form == "vi" else terms
    return Query(
        text=text, normalized=normalized, language="en" if form == "en" else "vi", form=form,
        intent=detect_intent(normalized), asks=asked_type(normalized, plain=form == "vi_plain"),
        terms=tuple(t for part in [own, *vietnamese, *other_meanings] for t in grams(part)),
        content=tuple(_content(own, normalized, vietnamese, keyed_tokens if form == "vi" else tokens,
                               function_words(form))),
        numbers=tuple(t for t in tokens(normalized) if t[0].isdigit()),
        names=tuple(named_things(without_aliases(text), form)), doc_numbers=tuple(_doc_numbers(text)),
        dense_text=expand(without_fillers(normalized)) + (f" ({'; '.join(vietnamese)})" if vietnamese and DENSE_GLOSS else ""),
        duration=asked_duration(normalized))


def _english_anchors(text: str) -> str:
    """The words of an English question that can match Vietnamese text: numbers, acronyms, and
    capitalised words (names, often Vietnamese ones typed without diacritics: 'PM Phuc')."""
    words = raw_tokens(without_aliases(text))
    keep = [w for i, w in enumerate(words)
            if w[0].isdigit() or (w[0].isupper() and fold(w) not in stopwords() and (i > 0 or w.isupper()))]
    return " ".join(keep)


def _content(own: str, normalized: str, vietnamese: list[str], tokenize: Callable[[str], list[str]],
             function_words: frozenset[str]) -> list[str]:
    """Content unigrams for coverage: the question's own words (for English, only those that can
    match Vietnamese text), abbreviations spelled out, and the Vietnamese names and words it implies."""
    skip = function_words | set(abbreviation_table())
    numbers = [t for t in tokens(normalized) if t[0].isdigit()]
    spelled = [t for part in expansions(normalized) + vietnamese for t in tokenize(part)]
    return [t for t in dict.fromkeys(tokenize(own) + numbers + spelled) if fold(t) not in skip]


def with_corrections(query: Query, lexical: "LexicalIndex") -> Query:
    """Syllables the knowledge base does not know, read as the nearest one it does (typos:
    'doanh ngiệp' -> 'nghiep') when that makes a word pair the knowledge base knows — so a name it
    lacks ('Kiều') is not turned into a common word. Both spellings stay in the lexical query."""
    if query.form == "en":
        return query
    words = tokens(query.normalized)
    fixes = {}
    for i, word in enumerate(words):
        fixed = lexical.correct(word)
        around = [f"{words[i - 1]}_{fixed}" if i else "", f"{fixed}_{words[i + 1]}" if i + 1 < len(words) else ""]
        if fixed and any(lexical.in_corpus(pair) for pair in around if pair):
            fixes[word] = fixed
    if not fixes:
        return query
    known = set(query.terms)
    extra = [t for t in terms(" ".join(fixes.get(w, w) for w in words)) if t not in known]
    content = list(dict.fromkeys(fixes.get(fold(t), t) for t in query.content))
    return query.with_terms(extra, content)


# Two questions in one: clauses joined by ', và' / ', còn' / ';' / '?' / ', and', each asking something.
_CLAUSE_BREAK = re.compile(r"\s*(?:,\s*(?:và|còn|and)\s+|;\s+|\?\s+(?=\w))", re.IGNORECASE)
_ASKS = re.compile(r"\b(ai|gi|nao|bao nhieu|may|dau|sao|the nao|ra sao|bao gio|khong|chua|what|who|when|where|which"
                   r"|how|why)\b")


def question_parts(text: str) -> list[str]:
    """The separate questions of a multi-part question ('X là ai, và Y là gì?'); [] for one question."""
    parts = [p.strip(" ?,") for p in _CLAUSE_BREAK.split(text) if p and p.strip(" ?,")]
    asking = [p for p in parts if _ASKS.search(fold(p)) and len(p.split()) >= 3]
    return asking if len(parts) >= 2 and len(asking) == len(parts) else []
