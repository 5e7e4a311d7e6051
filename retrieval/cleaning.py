"""Line roles: which lines of a document carry content and which are header, signature block,
page furniture or website chrome. Roles never remove lines: line numbers stay those of the file."""

from __future__ import annotations

import re

from retrieval.layout import web_chrome
from retrieval.models import LineRole
from retrieval.structure import Structure
from retrieval.text import clean_line

_IMAGE = re.compile(r"^\S+\.(jpe?g|png|gif|webp|bmp|tiff?)$|^!\[.*\]\(.*\)$", re.IGNORECASE)


def classify(lines: list[str], s: Structure) -> list[LineRole]:
    """Role of every line; len(result) == len(lines)."""
    cleaned = [clean_line(line) for line in lines]
    roles = [LineRole.BODY if t else LineRole.BLANK for t in cleaned]
    header_end = min(s.title) if s.title else (max(s.header) + 1 if s.header else 0)

    def mark(indexes, role: LineRole) -> None:
        for i in indexes:
            if cleaned[i]:
                roles[i] = role

    # Before the title, what is not header is a web page's menus, a received stamp or OCR debris.
    mark(range(header_end), LineRole.NOISE)
    mark(s.header, LineRole.HEADER)
    mark(s.title, LineRole.TITLE)
    mark(s.trailer, LineRole.TRAILER)
    mark(web_chrome(cleaned), LineRole.BOILERPLATE)
    mark(s.noise, LineRole.NOISE)
    _mark_noise(cleaned, roles)
    return roles


def _mark_noise(cleaned: list[str], roles: list[LineRole]) -> None:
    """Images, fragments without three letters, and lines a copy repeats."""
    seen: set[str] = set()
    for i, text in enumerate(cleaned):
        if roles[i] is not LineRole.BODY:
            continue
        if _IMAGE.match(text) or sum(c.isalpha() for c in text) < 3 or text in seen:
            roles[i] = LineRole.NOISE
        seen.add(text)
