"""What kind of answer a question asks for (a number, a date, a person ...) and whether a
passage holds something of that kind. Question words are matched on the accented text when the
question has diacritics: folded 'may' is both mấy (how many) and máy (machine)."""

from __future__ import annotations

import re

from retrieval.text import fold

# (type, accented pattern, pattern for questions typed without diacritics); the first match wins.
_ASKS: list[tuple[str, str, str]] = [
    ("percent", r"tỷ lệ|tỉ lệ|phần trăm|bao nhiêu %|mấy %|what percentage|what share|what percent|how many percent",
     r"ty le|ti le|phan tram|bao nhieu %|what percentage|what share|what percent|how many percent"),
    ("money", r"bao nhiêu tiền|giá|chi phí|kinh phí|ngân sách|mức phí|mức lương|tiền lương|how much money|cost|price"
              r"|budget|salary|funding",
     r"bao nhieu tien|chi phi|kinh phi|ngan sach|muc phi|muc luong|tien luong|how much money|cost|price|budget"
     r"|salary|funding"),
    ("ordinal", r"thứ mấy|thứ bao nhiêu|hạng mấy|xếp hạng|đứng thứ|what rank|which place|ranked",
     r"thu may|thu bao nhieu|hang may|xep hang|dung thu|what rank|which place|ranked"),
    ("day", r"ngày nào|ngày mấy|ngày bao nhiêu|hôm nào|what date|which date|what day|which day",
     r"ngay nao|ngay bao nhieu|hom nao|what date|which date|what day|which day"),
    ("year", r"năm nào|năm bao nhiêu|năm mấy|which year|what year|in what year",
     r"nam nao|nam bao nhieu|which year|what year|in what year"),
    ("date", r"khi nào|bao giờ|lúc nào|thời điểm nào|tháng nào|tháng mấy|thời gian nào|hạn chót|when|deadline",
     r"khi nao|bao gio|luc nao|thoi diem nao|thang nao|thoi gian nao|han chot|when|deadline"),
    ("number", r"bao nhiêu|mấy|how many|how much|what number of|number of",
     r"bao nhieu|how many|how much|what number of|number of"),
    ("person", r"ai|người nào|who|whom",
     r"ai|nguoi nao|who|whom"),
    ("place", r"ở đâu|tại đâu|nơi nào|chỗ nào|tỉnh nào|thành phố nào|nước nào|quốc gia nào|địa phương nào|where"
              r"|which province|which country|which city",
     r"o dau|tai dau|noi nao|cho nao|tinh nao|thanh pho nao|nuoc nao|quoc gia nao|dia phuong nao|where"
     r"|which province|which country|which city"),
]
_PLAIN_MONEY = re.compile(r"\b(bao nhieu tien|how much money)\b")
_COMPILED = [(name, re.compile(rf"(?<!\w)({acc})(?!\w)"), re.compile(rf"(?<!\w)({plain})(?!\w)"))
             for name, acc, plain in _ASKS]

_NUMBER = re.compile(r"\d")
_DAY = re.compile(r"\b\d{1,2}[/-]\d{1,2}\b|\bngay\s+\d{1,2}\b|\b\d{1,2}\s+thang\s+\d")
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_DATE = re.compile(r"\d{1,2}[/-]\d{1,2}|\b(ngay|thang|nam|quy)\s+\d|\b(19|20)\d\d\b|\b(dau|cuoi|giua) nam\b"
                   r"|\b(truoc|den|trong) (thang|quy|nam)\b")
_MONEY = re.compile(r"\d[\d.,]*\s*(dong|ty|trieu|nghin|ngan|usd|vnd|do la|\$)|\$\s*\d")
_PERCENT = re.compile(r"%|phan tram")
_ORDINAL = re.compile(r"\bthu\s+(\d+|nhat|hai|ba|tu|nam|sau|bay|tam|chin|muoi)\b|\bhang\s+\d|\btop\s*\d")
# A person or an organisation: a run of capitalised words or acronyms not opening a sentence
# ('Nguyễn Sỹ Hiệp', 'Sở TT&TT', 'Văn phòng Chính phủ' counts by its first two words).
_WHO = re.compile(r"(?<!^)(?<![.!?:]\s)\b[A-ZÀ-ỸĐ][\wÀ-ỹ&]*(?:\s[A-ZÀ-ỸĐ][\wÀ-ỹ&]*){1,3}")
_PLACE_NAME = re.compile(r"(?<!\w)(tại|ở)\s+[A-ZÀ-ỸĐ]")
_PLACE_WORD = re.compile(r"\b(tinh|thanh pho|huyen|quan|xa|tru so|dia ban)\b")


# 'Ai … thì …?' is a conditional: 'ai' there means whoever ('ai từ chối nhận thì ghi thế nào?'), and
# what is asked is in the clause after 'thì'.
_THEN = re.compile(r"(?<!\w)thì(?!\w)")


def asked_type(text: str, plain: bool) -> str | None:
    """The answer type a question asks for; `plain` = typed without diacritics. A money word only
    counts in a how-much question ('đánh giá' is no price)."""
    subject = fold(text) if plain else text.lower()
    found = _types(subject, plain)
    if not plain and len(parts := _THEN.split(subject)) > 1:
        found = _types(parts[-1], plain) or [t for t in _types(" ".join(parts[:-1]), plain) if t != "person"]
    if "money" in found and "number" not in found and not _PLAIN_MONEY.search(fold(text)):
        found.remove("money")
    return found[0] if found else None


def _types(subject: str, plain: bool) -> list[str]:
    return [name for name, accented, unaccented in _COMPILED if (unaccented if plain else accented).search(subject)]


def holds(kind: str | None, passage: str) -> bool:
    """Does the passage contain something of the asked kind? (True when nothing particular is asked.)"""
    if kind is None:
        return True
    folded = fold(passage)
    checks = {
        "percent": lambda: bool(_PERCENT.search(folded)),
        "money": lambda: bool(_MONEY.search(folded)),
        "ordinal": lambda: bool(_ORDINAL.search(folded)),
        "day": lambda: bool(_DAY.search(folded)),
        "year": lambda: bool(_YEAR.search(folded)),
        "date": lambda: bool(_DATE.search(folded)),
        "number": lambda: bool(_NUMBER.search(folded)),
        "person": lambda: bool(_WHO.search(passage)),
        "place": lambda: bool(_PLACE_NAME.search(passage) or _PLACE_WORD.search(folded)),
    }
    return checks[kind]()


# A table header's unit ('Mức lương (đồng/tháng)', 'Tỷ lệ (%)') applies to the figures of its rows.
_HEADER_UNIT = {"money": re.compile(r"\b(dong|vnd|usd|trieu|ty)\b"), "percent": re.compile(r"%|phan tram|ty le")}


def row_holds(kind: str | None, row: str, header: str) -> bool:
    """Does a table row hold the asked kind, reading its figures in the unit its header gives?"""
    if holds(kind, row):
        return True
    unit = _HEADER_UNIT.get(kind or "")
    return bool(unit and _NUMBER.search(row) and unit.search(fold(header)))


# 'mấy' counts only after a verb of having or at the start ('có mấy điểm'), not as 'those' ('về mấy tk').
_COUNTED = re.compile(r"(?:\bbao nhieu|(?:^|\bco|\bgom|\bduoc|\bla)\s+may)\s+(\w+)")
_NUMBER_WORD = re.compile(r"\d[\d.,]*%?")


def counted_noun(folded_question: str, stop: frozenset[str]) -> str | None:
    """'bao nhiêu điểm phục vụ' -> 'diem': what a how-many question counts (None if nothing)."""
    m = _COUNTED.search(folded_question)
    if not m or m.group(1) in stop or m.group(1)[0].isdigit():
        return None
    return m.group(1)


def counts(noun: str, passage: str, window: int = 4) -> bool:
    """Does the passage give a number shortly before the counted noun ('12.783 điểm phục vụ')?"""
    words = re.findall(r"\d[\d.,]*%?|\w+", fold(passage))
    return any(_NUMBER_WORD.fullmatch(w) and noun in words[i + 1:i + 1 + window] for i, w in enumerate(words))
