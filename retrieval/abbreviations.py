"""Abbreviation table (data/abbreviations.tsv) and expansion of text that uses it."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from retrieval.text import fold


@lru_cache(maxsize=1)
def table() -> dict[str, str]:
    """Folded abbreviation -> expansion."""
    text = resources.files("retrieval.data").joinpath("abbreviations.tsv").read_text("utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {fold(abbr.strip()): full.strip() for abbr, full in rows}


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    # Abbreviations are matched in folded text so 'TTĐT' and 'TTDT' both count.
    keys = sorted(table(), key=len, reverse=True)
    alternatives = "|".join(re.escape(k) for k in keys)
    return re.compile(rf"(?<![\w&-])({alternatives})(?![\w&-])")


def expansions(text: str) -> list[str]:
    """Expansions of the abbreviations that occur in text (case-insensitive, folded)."""
    found = _pattern().findall(fold(text))
    return [table()[abbr] for abbr in dict.fromkeys(found)]


def expand(text: str) -> str:
    """Text followed by the expansions of its abbreviations, for matching and embedding."""
    extra = expansions(text)
    return f"{text} ({'; '.join(extra)})" if extra else text
