"""Vietnamese text handling: normalisation, diacritic folding, tokenisation, numbers."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

_WS = re.compile(r"\s+")
_EMPHASIS = re.compile(r"(\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*]))")
# A token is a code of digits and one or two letters (5G, 3G), a number (with Vietnamese or English
# separators), a word possibly joined by & inside abbreviations (TT&TT), or a single word.
_TOKEN = re.compile(r"\d+[^\W\d_]{1,2}\b|\d+(?:[.,]\d+)*|[^\W\d_]+(?:[&][^\W\d_]+)*", re.UNICODE)
VI_MARKS = _VI_MARKS = set("ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


# A Vietnamese syllable (folded): optional initial, vowel nucleus, optional final from a closed set.
_VI_SYLLABLE = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(ch|nh|ng|[cmnpt])?$")


def is_vi_syllable(word: str) -> bool:
    return bool(_VI_SYLLABLE.match(fold(word)))


def vi_date(iso: str) -> str:
    """'2021-05-18' -> '18/5/2021'"""
    y, m, d = iso.split("-")
    return f"{int(d)}/{int(m)}/{y}"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def collapse_ws(text: str) -> str:
    return _WS.sub(" ", text).strip()


def strip_emphasis(text: str) -> str:
    """Drop markdown bold/italic markers (the quote rule allows it)."""
    return _EMPHASIS.sub("", text)


def clean_line(text: str) -> str:
    """The form a source line takes inside chunks and quotes."""
    return collapse_ws(strip_emphasis(nfc(text)))


# Glyphs some PDF fonts put in place of Vietnamese letters ('ƣ', Latin letter oi, for 'ư').
_GLYPHS = str.maketrans({"ƣ": "ư", "Ƣ": "Ư"})


def repair_glyphs(text: str) -> str:
    """For values read off a document (not for quotes, which stay verbatim)."""
    return text.translate(_GLYPHS)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case and remove diacritics: 'Bộ Thông tin' -> 'bo thong tin'."""
    decomposed = unicodedata.normalize("NFD", repair_glyphs(text).lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def has_vietnamese_marks(text: str) -> bool:
    return any(c in _VI_MARKS for c in nfc(text).lower())


def canonical_number(raw: str) -> str:
    """'12.783' -> '12783', '91,6' -> '91.6', '2.6' -> '2.6', '1,500' -> '1500'."""
    parts = re.split(r"[.,]", raw)
    if len(parts) > 1 and all(len(p) == 3 for p in parts[1:]):
        return "".join(parts)
    if len(parts) == 2:
        return f"{parts[0]}.{parts[1]}"
    return "".join(parts)


def raw_tokens(text: str) -> list[str]:
    return _TOKEN.findall(nfc(text))


def tokens(text: str) -> list[str]:
    """Folded syllables and canonical numbers; the unit of lexical matching."""
    out = []
    for tok in raw_tokens(text):
        out.append(canonical_number(tok) if tok[-1].isdigit() else fold(tok))
    return out


def keyed_tokens(text: str) -> list[str]:
    """Like tokens(), but a word typed with diacritics keeps them (lower-cased): what a question word
    is matched on when its writer took the trouble to mark it ('truyện' is not 'truyền')."""
    out = []
    for tok in raw_tokens(text):
        if tok[-1].isdigit():
            out.append(canonical_number(tok))
        else:
            tok = repair_glyphs(tok)
            out.append(tok.lower() if has_vietnamese_marks(tok) else fold(tok))
    return out


@lru_cache(maxsize=1)
def _stopword_sections() -> tuple[frozenset[str], frozenset[str]]:
    """(Vietnamese, English) function words; the file lists the Vietnamese first, then after the
    comment line that starts with '# English' the English ones."""
    text = resources.files("retrieval.data").joinpath("stopwords.txt").read_text("utf-8")
    vi: set[str] = set()
    en: set[str] = set()
    current = vi
    for line in text.splitlines():
        if line.startswith("# English"):
            current = en
        elif not line.startswith("#"):
            current.update(line.split())
    return frozenset(vi), frozenset(en)


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    vi, en = _stopword_sections()
    return vi | en


def vi_stopwords() -> frozenset[str]:
    """Only the Vietnamese ones: what a Vietnamese question's content skips."""
    return _stopword_sections()[0]


def function_words(form: str) -> frozenset[str]:
    """The function words of a question of this form (vi | vi_plain | en): English ones only count in
    English ('may' is not 'máy')."""
    return stopwords() if form == "en" else vi_stopwords()


def content_tokens(text: str) -> list[str]:
    return [t for t in tokens(text) if t not in stopwords()]


_FRAGMENT = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])$", re.IGNORECASE)
SPLIT_SHARE = 0.01   # a text with this share of stray consonants came out of a PDF with split syllables


def has_split_syllables(text: str) -> bool:
    """PDF extraction sometimes breaks syllables ('n ăm', 'Chính ph ủ', 'Ngh ị định')."""
    words = raw_tokens(text)
    stray = sum(1 for w in words if _FRAGMENT.match(w) and w.lower() not in ("và", "là"))
    return bool(words) and stray >= SPLIT_SHARE * len(words)


def join_split_syllables(text: str) -> str:
    """'Ngh ị định s ố 34' -> 'Nghị định số 34': a stray consonant joins the vowel part after it, and a
    part starting with a marked vowel joins the word before it when together they make a syllable
    ('quy ền', 'Lu ật'). For texts where has_split_syllables() holds; only for matching and parsing —
    quotes keep the text as printed."""
    words = text.split(" ")
    out: list[str] = []
    for word in words:
        prev = out[-1] if out else ""
        if prev and word and prev[-1].isalpha() and word[0].isalpha() and _joins(prev, word):
            out[-1] = prev + word
        else:
            out.append(word)
    return " ".join(out)


def _joins(a: str, b: str) -> bool:
    head = re.match(r"[^\W\d_]+$", a.split()[-1] if a.split() else a)
    tail = re.match(r"^[^\W\d_]+", b)
    if not head or not tail or not is_vi_syllable(head.group(0) + tail.group(0)):
        return False
    first = tail.group(0)[0].lower()
    return bool(_FRAGMENT.match(head.group(0))) or (first in _VI_MARKS and first != "đ" and fold(first) in "aeiouy")
