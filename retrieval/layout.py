"""Layout of text copied out of PDFs, Word files and web pages: columns, page furniture and hard
line wraps. Nothing here removes or reorders lines — line numbers stay those of the file."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from importlib import resources

from retrieval.text import clean_line, fold

# Two columns printed side by side ("VĂN PHÒNG CHÍNH PHỦ      CỘNG HÒA XÃ HỘI ..."), table cells
# copied from a web page ("Số: 3176/QĐ-BYT | CỘNG HÒA ...").
_CELL_SPLIT = re.compile(r"\t+|\s*\|\s*|\s{3,}")
# Page numbers: "2", "- 2 -", "Trang 2/5", "2/5", "Page 3".
_PAGE_NUMBER = re.compile(r"^[-–\s]*(?:(?:trang|page)\s*)?\d{1,3}(?:\s*/\s*\d{1,3})?[-–\s]*$", re.IGNORECASE)
# Table rules and separators: "|", "| --- | --- |", "-------", "_____", "=====".
_RULE = re.compile(r"^[\s|:\-–=_+*~.]*$")
# What opens a paragraph: list marks, numbering, article headings (capitalised: 'khoản 1 Điều 8'
# at the start of a line is the rest of a wrapped sentence).
_PARAGRAPH_START = re.compile(r"^\s*(?:[-–•+*]\s|\d{1,3}[.)]\s|[a-zđ][)]\s|[IVXL]{1,5}[.)]\s|(?:Điều|Chương|Mục|Phần|"
                              r"Khoản|ĐIỀU|CHƯƠNG|MỤC|PHẦN)\s+[\dIVXL]+|Căn cứ\b|Nơi nhận|Kính gửi)")
_SENTENCE_END = re.compile(r"[.!?:;…”\"')]\s*$")
_FRAGMENT_END = re.compile(r"[.!?:;…”\"]$")
HEADER_SHARE = 0.1   # a running header is at most this share of a document's distinct lines
WRAPPED_P90 = 130    # lines of a hard-wrapped text are shorter than this (p90); web text runs longer
WRAP_FILL = 0.72     # a line this full of the wrap width ran into the margin, it did not end a paragraph


@lru_cache(maxsize=1)
def _boilerplate_phrases() -> tuple[str, ...]:
    text = resources.files("retrieval.data").joinpath("boilerplate.txt").read_text("utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def is_boilerplate(text: str) -> bool:
    folded = f" {fold(text)} "
    return any(f" {phrase} " in folded for phrase in _boilerplate_phrases())


def is_short_fragment(text: str) -> bool:
    return len(text.split()) <= 12 and not _FRAGMENT_END.search(text)


def web_chrome(cleaned: list[str]) -> set[int]:
    """Blocks of website chrome in the second half of a document: runs of short, non-sentence
    lines (menus, footers) around a line with a marker phrase. Text appended after a footer
    does not bring the footer back into the index."""
    n = len(cleaned)
    short = [not t or is_short_fragment(t) for t in cleaned]
    marked: set[int] = set()
    for i in range(n // 2, n):
        if i in marked or not cleaned[i] or not short[i] or not is_boilerplate(cleaned[i]):
            continue
        start = end = i
        while start > 0 and short[start - 1]:
            start -= 1
        while end + 1 < n and short[end + 1]:
            end += 1
        if sum(1 for t in cleaned[start:end + 1] if t) >= 3:
            marked.update(range(start, end + 1))
    return marked


def cells(raw: str) -> list[str]:
    """The cells of a line: columns separated by a tab, a '|' or a wide gap; cleaned, non-empty."""
    return [c for c in (clean_line(part) for part in _CELL_SPLIT.split(raw)) if c and not _RULE.match(c)]


def is_rule(text: str) -> bool:
    """Table residue and separator lines ('|', '| --- |', '-------')."""
    return bool(text.strip()) and bool(_RULE.match(text)) and not text.strip().isdigit()


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text))


def running_headers(lines: list[str]) -> set[int]:
    """Lines that repeat page after page: the same words with a changing page number
    ('CÔNG BÁO/Số 447 + 448/Ngày 25-6-2022 3'), or the same short line three times or more."""
    cleaned = [clean_line(line) for line in lines]
    # odd and even pages put the page number on either side of the header
    shape = [re.sub(r"\d+", "#", re.sub(r"^\d{1,3}\s+|\s+\d{1,3}$", "", t)) for t in cleaned]
    by_shape = Counter(s for s in shape if s)
    by_text = Counter(t for t in cleaned if t)
    where: dict[str, list[int]] = {}
    for i, form in enumerate(shape):
        where.setdefault(form, []).append(i)
    out = set()
    for i, (text, form) in enumerate(zip(cleaned, shape)):
        if not text or len(text) > 100 or not any(c.isalpha() for c in text):
            continue
        variants = {cleaned[j] for j in where[form]}
        spread = where[form][-1] - where[form][0] > 0.2 * len(lines)  # on several pages, not a header twice
        rare = by_shape[form] <= max(3, HEADER_SHARE * len(by_text))   # once a page, not every line of a list
        if spread and rare and ((by_shape[form] >= 2 and len(variants) >= 2) or by_text[text] >= 3):
            out.add(i)
    return out


def furniture(lines: list[str]) -> set[int]:
    """Indexes of page numbers, running headers and table rules."""
    out = running_headers(lines)
    for i, line in enumerate(lines):
        text = clean_line(line)
        if text and (is_page_number(text) or is_rule(line)):
            out.add(i)
    return out


def wrap_width(lines: list[str]) -> int | None:
    """The width a hard-wrapped text was wrapped at, or None when lines are whole paragraphs."""
    lengths = sorted(len(line.rstrip()) for line in lines if len(line.strip()) > 30)
    if len(lengths) < 8:
        return None
    p90 = lengths[int(0.9 * (len(lengths) - 1))]
    return p90 if p90 <= WRAPPED_P90 else None


def continues(previous: str, following: str, width: int | None) -> bool:
    """Does `following` carry on the paragraph of `previous` (a hard wrap, an open bold, a break)?"""
    text = clean_line(following)
    if not text or _PARAGRAPH_START.match(following) or _PARAGRAPH_START.match(text):
        return False
    if previous.count("**") % 2 == 1 or previous.endswith("  ") or text[0].islower():
        return True
    indent = len(following) - len(following.lstrip(" "))
    indented = indent >= 4 and indent > len(previous) - len(previous.lstrip(" ")) + 2
    full = width is not None and len(previous.rstrip()) >= WRAP_FILL * width
    return full and not indented and not _SENTENCE_END.search(previous.rstrip())
