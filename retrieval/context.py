"""What a chunk means but does not say: the heading of the article it sits in ('Điều 3. Mức lương tối
thiểu') and, for a list item or a table row, the line that introduces the list or heads the table
('Mức hỗ trợ ... như sau:', 'Vùng | Mức lương tối thiểu tháng | ...'). A row 'Vùng I 4.680.000 22.500'
is found by 'lương tối thiểu vùng I' only through its header.

The context is searched (lexical terms, the dense text), never quoted: quotes come from the chunk's
own lines."""

from __future__ import annotations

import re
from dataclasses import replace

from retrieval.models import Chunk, Sentence

_ARTICLE = re.compile(r"^((Điều|Chương|Mục|Phần)\s+([0-9]+|[IVXLC]+)\b|(Phụ lục|PHỤ LỤC)\b)")
_ITEM = re.compile(r"^([a-zđ][).]|[-+•–*]|\d+(\.\d+)+\.?)\s")
_NUMBER = re.compile(r"\d[\d.,]*%?")
_WORD = re.compile(r"[^\W\d_]+")
ARTICLE_CHARS = 100     # an article heading's title, not the article's first clause
LEAD_CHARS = 200        # longer than this, a line is text, not a list intro or table header


def is_row(text: str) -> bool:
    """A table row as PDF extraction flattens it: two or more figures, few words."""
    numbers, words = _NUMBER.findall(text), _WORD.findall(text)
    return len(numbers) >= 2 and len(words) <= len(numbers) + 2


def _is_item(text: str) -> bool:
    return bool(_ITEM.match(text)) or is_row(text)


def _lead(current: str, sentence: Sentence) -> str:
    """The line introducing the list or table that a following item or row belongs to, after this
    sentence: a line ending in ':' or a short line without a full stop starts one, items and rows keep
    it, any other sentence ends it."""
    text = sentence.text.strip()
    if text.endswith(":"):
        return text[-LEAD_CHARS:]
    if _is_item(text):
        return current
    return text if len(text) <= LEAD_CHARS and not text.endswith((".", "!", "?", ";")) else ""


def _article(current: str, previous: str, sentence: Sentence) -> str:
    """The article heading after this sentence: 'Điều 2.' then its title, split off as a sentence of
    its own, joins it."""
    if _ARTICLE.match(sentence.text):
        return sentence.text[:ARTICLE_CHARS]
    if current == previous and _ARTICLE.fullmatch(current.rstrip(".")):
        return f"{current} {sentence.text}"[:ARTICLE_CHARS]
    return current


def with_context(chunks: list[Chunk]) -> list[Chunk]:
    """The chunks of one document, in order, each with its context."""
    out, previous, article, lead = [], "", "", ""
    for chunk in chunks:
        first = chunk.sentences[0].text.strip() if chunk.sentences else ""
        parts = [article] if article and not _ARTICLE.match(first) else []
        if lead and _is_item(first):
            parts.append(lead)
        context = " ".join(p for p in dict.fromkeys(parts) if p not in chunk.text)
        out.append(replace(chunk, context=context) if context else chunk)
        for sentence in chunk.sentences:
            article = _article(article, previous, sentence)
            lead = _lead(lead, sentence)
            previous = sentence.text
    return out
