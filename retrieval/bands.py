"""Durations asked about and the bands a text sets for them: "đóng BHTN được 10 năm" falls in
"từ đủ 108 tháng đến dưới 132 tháng", "chưa đến một năm" in "dưới 12 tháng".

Both sides are read on folded text with the spaces removed, so a PDF copy that broke syllables
apart ("t ừ đủ 132 tháng tr ở lên") reads the same. Years count as 12 months."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from retrieval.text import canonical_number, fold

_UNIT = {"thang": 1, "nam": 12, "month": 1, "months": 1, "year": 12, "years": 12}
# Number words a duration is written with; "năm" (five) is left out: it folds like "năm" (year).
_WORDS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10, "one": 1,
          "two": 2, "three": 3, "five": 5, "ten": 10}
_NUM = rf"(\d+(?:[.,]\d+)?|{'|'.join(_WORDS)})"
_U = r"(thang|nam|months?|years?)"
# below / above the amount named
_BELOW = r"(?:chuaden|chuadu|chuatoi|duoi|ithon|khongqua|gan|lessthan|under|fewerthan|almost)"
_ABOVE = r"(?:tren|hon|qua|morethan|over)"

_RANGE = re.compile(rf"(?:tudu|tu|tren){_NUM}{_U}?(?:den|toi)(duoi|het)?{_NUM}{_U}")
_UPWARDS = re.compile(rf"(?:tudu|tu|tren){_NUM}{_U}trolen")
_UNDER = re.compile(rf"(?<!den)(?<!toi)(duoi|chuadu|chuaden|khongqua){_NUM}{_U}")
# "6 tháng đầu năm" names a part of a year, not a duration
_ASKED = re.compile(rf"({_BELOW}|{_ABOVE})?{_NUM}{_U}(trolen|troxuong|ormore)?(?!dau|cuoi|\d)")


@dataclass(frozen=True)
class Band:
    low: float    # months, inclusive
    high: float   # months, exclusive

    def holds(self, months: float) -> bool:
        return self.low <= months < self.high


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", fold(text))


def _value(raw: str) -> float:
    return float(_WORDS[raw]) if raw in _WORDS else float(canonical_number(raw))


def bands(text: str) -> list[Band]:
    """The duration bands a passage sets ("từ đủ 12 tháng đến dưới 60 tháng", "dưới 12 tháng",
    "từ đủ 132 tháng trở lên"), in months."""
    s = _compact(text)
    out = []
    for m in _RANGE.finditer(s):
        low_unit = _UNIT[m.group(2) or m.group(5)]
        high = _value(m.group(4)) * _UNIT[m.group(5)]
        out.append(Band(_value(m.group(1)) * low_unit, high if m.group(3) == "duoi" else high + 1))
    for m in _UPWARDS.finditer(s):
        out.append(Band(_value(m.group(1)) * _UNIT[m.group(2)], math.inf))
    for m in _UNDER.finditer(s):
        high = _value(m.group(2)) * _UNIT[m.group(3)]
        out.append(Band(0.0, high if m.group(1) in ("duoi", "chuadu", "chuaden") else high + 1))
    return out


def asked_duration(question: str) -> float | None:
    """The duration a question names, in months: just under it for "chưa đến một năm", just over
    it for "hơn 10 năm"; None when it names none or several."""
    found = list(_ASKED.finditer(_compact(question)))
    if len(found) != 1:
        return None
    qualifier, number, unit = found[0].group(1, 2, 3)
    months = _value(number) * _UNIT[unit]
    if qualifier:
        return months - 0.5 if re.fullmatch(_BELOW, qualifier) else months + 0.5
    return months  # exactly, or "trở lên" (from there up)


def fits(question_months: float | None, passage: str) -> int:
    """1 when the passage sets a band the asked duration falls in, -1 when it sets bands that all
    miss it (a sibling band: another amount), 0 when either names none."""
    if question_months is None:
        return 0
    found = bands(passage)
    return 0 if not found else 1 if any(b.holds(question_months) for b in found) else -1
