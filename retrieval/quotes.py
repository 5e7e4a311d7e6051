"""The quote rule: a quote is verbatim text of its cited lines (NFC, whitespace collapsed,
markdown emphasis markers optional)."""

from __future__ import annotations

from pathlib import Path

from retrieval.loading import decode, split_lines
from retrieval.text import collapse_ws, nfc, strip_emphasis


def span_text(lines: list[str], line_start: int, line_end: int) -> str:
    return collapse_ws(nfc("\n".join(lines[line_start - 1:line_end])))


def is_verbatim(quote: str, lines: list[str], line_start: int, line_end: int) -> bool:
    if not quote.strip() or line_start < 1 or line_end < line_start or line_end > len(lines):
        return False
    span = span_text(lines, line_start, line_end)
    q = collapse_ws(nfc(quote))
    return q in span or q in collapse_ws(strip_emphasis(span))


def file_lines(path: Path) -> list[str]:
    return split_lines(decode(path.read_bytes()))
