"""Line roles: which lines of a document carry content and which are noise or chrome.

Roles never remove lines, so line numbers stay those of the original file.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from retrieval.models import LineRole
from retrieval.text import clean_line, fold

DOC_TYPES = ("thông báo", "quyết định", "nghị định", "nghị quyết", "chỉ thị", "công văn",
             "kế hoạch", "báo cáo", "tờ trình", "thông tư", "kết luận", "giấy mời", "công điện")
_NUMBER = re.compile(r"^\s*số\s*:?\s*\d+[\w/.\-Đđ]*", re.IGNORECASE)
_PLACE_DATE = re.compile(r"^[^\d]{2,40},\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", re.IGNORECASE)
_WEEKDAY_DATE = re.compile(r"^(thứ\s+\w+|chủ\s+nhật)\s*,?\s*\d{1,2}/\d{1,2}/\d{4}", re.IGNORECASE)
_MOTTO = re.compile(r"độc lập\s*-\s*tự do\s*-\s*hạnh phúc|cộng hoà|cộng hòa xã hội", re.IGNORECASE)
_IMAGE = re.compile(r"^\S+\.(jpe?g|png|gif|webp|bmp|tiff?)$", re.IGNORECASE)
_SIGN_TITLE = re.compile(r"^(KT|TM|TL|Q|TUQ)\.\s", re.IGNORECASE)
_RECIPIENTS = re.compile(r"^nơi nhận\s*:", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:;…”\"]$")


@lru_cache(maxsize=1)
def _boilerplate_phrases() -> tuple[str, ...]:
    text = resources.files("retrieval.data").joinpath("boilerplate.txt").read_text("utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def is_doc_type_line(text: str) -> bool:
    return text.lower().strip(" :") in DOC_TYPES


def is_boilerplate(text: str) -> bool:
    folded = f" {fold(text)} "
    return any(f" {phrase} " in folded for phrase in _boilerplate_phrases())


def _is_short_fragment(text: str) -> bool:
    return len(text.split()) <= 12 and not _SENTENCE_END.search(text)


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


def is_header_line(text: str) -> bool:
    return bool(_NUMBER.match(text) or _PLACE_DATE.match(text) or _WEEKDAY_DATE.match(text)
                or _MOTTO.search(text))


def _boilerplate_lines(cleaned: list[str]) -> set[int]:
    """Blocks of website chrome in the second half of a document: runs of short, non-sentence
    lines (menus, footers) around a line with a marker phrase. Text appended after a footer
    does not bring the footer back into the index."""
    n = len(cleaned)
    short = [not t or _is_short_fragment(t) for t in cleaned]
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


def _header_end(cleaned: list[str]) -> int:
    """Index of the first line after an official header (0 when there is none)."""
    limit = min(len(cleaned), 25)
    if not any(is_header_line(t) for t in cleaned[:limit]):
        return 0
    for i, text in enumerate(cleaned[:limit]):
        if is_doc_type_line(text):
            return i
    last = max(i for i, t in enumerate(cleaned[:limit]) if is_header_line(t))
    return last + 1


def _title_block(cleaned: list[str], start: int) -> range:
    """The document-type line and the short run of lines after it."""
    if start >= len(cleaned) or not is_doc_type_line(cleaned[start]):
        return range(start, start)
    i = start + 1
    while i < len(cleaned) and not cleaned[i]:
        i += 1
    end = i
    while end < len(cleaned) and cleaned[end] and len(" ".join(cleaned[i:end + 1])) < 400:
        end += 1
    return range(start, end)


def classify(lines: list[str]) -> list[LineRole]:
    """Role of every line; len(result) == len(lines)."""
    cleaned = [clean_line(line) for line in lines]
    roles = [LineRole.BODY if t else LineRole.BLANK for t in cleaned]
    header_end = _header_end(cleaned)
    for i in range(header_end):
        if cleaned[i]:
            roles[i] = _header_zone_role(lines[i], cleaned[i])
    for i in _title_block(cleaned, header_end):
        if cleaned[i]:
            roles[i] = LineRole.TITLE
    _mark_news_title(cleaned, roles)
    _mark_trailer(cleaned, roles)
    for i in _boilerplate_lines(cleaned):
        if cleaned[i]:
            roles[i] = LineRole.BOILERPLATE
    _mark_noise(cleaned, roles)
    return roles


def _header_zone_role(raw: str, text: str) -> LineRole:
    if is_header_line(text):
        return LineRole.HEADER
    # Stamps ("ĐẾN<TAB>Giờ: ...") are laid out with tabs; OCR fragments are single short tokens.
    if "\t" in raw or len(text.split()) < 2 or not text.isupper():
        return LineRole.NOISE
    return LineRole.HEADER


def _mark_news_title(cleaned: list[str], roles: list[LineRole]) -> None:
    """A first line that is short and not a sentence is a headline (news reports)."""
    if LineRole.TITLE in roles:
        return
    first = next((i for i, t in enumerate(cleaned) if t), None)
    if first is None or len(cleaned[first].split()) < 3 or _IMAGE.match(cleaned[first]):
        return
    if len(cleaned[first]) <= 200 and not cleaned[first].endswith("."):
        if not is_header_line(cleaned[first]) and not cleaned[first].isupper():
            roles[first] = LineRole.TITLE


def _mark_trailer(cleaned: list[str], roles: list[LineRole]) -> None:
    for i, text in enumerate(cleaned):
        if _RECIPIENTS.match(text) or (_SIGN_TITLE.match(text) and i > len(cleaned) // 2):
            for j in range(i, len(cleaned)):
                if cleaned[j]:
                    roles[j] = LineRole.TRAILER
            return


def _mark_noise(cleaned: list[str], roles: list[LineRole]) -> None:
    seen: set[str] = set()
    for i, text in enumerate(cleaned):
        if roles[i] is not LineRole.BODY:
            continue
        if _IMAGE.match(text) or _letters(text) < 3 or text in seen or is_header_line(text):
            roles[i] = LineRole.NOISE if not is_header_line(text) else LineRole.HEADER
        seen.add(text)
