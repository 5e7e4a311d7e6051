"""Document metadata read from the classified lines: title, number, date, signer, kind."""

from __future__ import annotations

import re

from retrieval.cleaning import is_doc_type_line
from retrieval.models import DocMeta, LineRole, MetaField
from retrieval.text import clean_line

_NUMBER = re.compile(r"số\s*:?\s*(\d+[\w/.\-]*)", re.IGNORECASE)
_VN_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_NUM_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_NAME_WORD = re.compile(r"^[A-ZÀ-ỸĐ][a-zà-ỹđ]+$")
_SIGN_TITLE = re.compile(r"^(KT|TM|TL|Q|TUQ)\.|^[A-ZÀ-ỸĐ ,.]+$")
_KIND_BY_CODE = {"TB": "announcement", "QĐ": "decision", "QD": "decision"}
_MAX_DERIVED_TITLE = 110


def _iso(day: str, month: str, year: str) -> str | None:
    d, m, y = int(day), int(month), int(year)
    if 1 <= d <= 31 and 1 <= m <= 12 and 1900 <= y <= 2100:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


def _header_fields(lines: list[str], roles: list[LineRole]) -> tuple[MetaField | None, MetaField | None, str]:
    number = date = None
    issuer = ""
    for i, role in enumerate(roles):
        if role is not LineRole.HEADER:
            continue
        text = clean_line(lines[i])
        if number is None and (m := _NUMBER.match(text)):
            number = MetaField(m.group(1).rstrip(".,;"), i + 1, text)
        elif date is None and (m := _VN_DATE.search(text) or _NUM_DATE.search(text)):
            if iso := _iso(*m.groups()):
                date = MetaField(iso, i + 1, text)
        elif not issuer and text.isupper():
            issuer = re.split(r"\s+CỘNG H", text)[0].strip()
    return number, date, issuer


def _signer(lines: list[str], roles: list[LineRole]) -> tuple[MetaField | None, str]:
    trailer = [(i, clean_line(lines[i])) for i, r in enumerate(roles) if r is LineRole.TRAILER]
    for pos in range(len(trailer) - 1, -1, -1):
        i, text = trailer[pos]
        words = text.split()
        if 2 <= len(words) <= 5 and all(_NAME_WORD.match(w) for w in words):
            titles = [t for _, t in trailer[max(0, pos - 3):pos] if _SIGN_TITLE.match(t) and t.isupper()]
            return MetaField(text, i + 1, text), " – ".join(titles)
    return None, ""


def _title(lines: list[str], roles: list[LineRole]) -> tuple[str, int]:
    title_lines = [(i, clean_line(lines[i])) for i, r in enumerate(roles) if r is LineRole.TITLE]
    if title_lines:
        parts = [t for _, t in title_lines]
        if len(parts) > 1 and is_doc_type_line(parts[0]):
            return f"{parts[0].capitalize()}: {' '.join(parts[1:])}", title_lines[0][0] + 1
        return " ".join(parts), title_lines[0][0] + 1
    return _derived_title(lines, roles), 0


def _derived_title(lines: list[str], roles: list[LineRole]) -> str:
    """News reports without a headline: the lead sentence, shortened at a word boundary."""
    first = next((clean_line(lines[i]) for i, r in enumerate(roles) if r is LineRole.BODY), "")
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0].rstrip(".")
    if len(sentence) <= _MAX_DERIVED_TITLE:
        return sentence
    return sentence[:_MAX_DERIVED_TITLE].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _kind(number: MetaField | None, roles: list[LineRole]) -> str:
    if number:
        code = number.value.split("/")[1].split("-")[0].upper() if "/" in number.value else ""
        return _KIND_BY_CODE.get(code, "official")
    return "official" if LineRole.HEADER in roles and LineRole.TRAILER in roles else "news"


def extract(doc: str, lines: list[str], roles: list[LineRole]) -> DocMeta:
    number, date, issuer = _header_fields(lines, roles)
    signer, signer_title = _signer(lines, roles)
    title, title_line = _title(lines, roles)
    return DocMeta(doc=doc, title=title, kind=_kind(number, roles), title_line=title_line,
                   number=number, date=date, signer=signer, signer_title=signer_title, issuer=issuer)
