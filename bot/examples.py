"""Example questions for /start: what the bot is for — a figure, a requirement, a date — each from
a different document, made from the indexed text and kept only if the engine really answers them
(from the document they were made from)."""

from __future__ import annotations

import re

from retrieval.models import DocMeta, ParsedDoc

# a figure in running text: '12.783 điểm', '91,6 tỷ USD', '24 triệu'
_FIGURE = re.compile(r"(?<![\w.,/-])\d{1,3}(?:[.,]\d{3})*(?:,\d+)?(?= [^\W\d]{2,})")
_CLAUSE_WORDS = (5, 14)
_DATE_WORD = re.compile(r"\s*(?:ngày|tháng|năm|giờ|quý)\b|.*\b(?:ngày|tháng|năm)\s*$", re.IGNORECASE)
_ASKS_FOR_REQUIREMENTS = ("chỉ thị", "công văn", "thông báo", "kế hoạch", "quyết định")


def figure_question(sentence: str) -> str | None:
    """'Mạng lưới … có 12.783 điểm phục vụ, …' -> 'Mạng lưới … có bao nhiêu điểm phục vụ?' — from the
    sentence's first clause (its subject), when the figure is a quantity, not a day or a year."""
    clause = re.split(r"[,;:()]", sentence)[0]
    match = _FIGURE.search(clause)
    if not match or not _CLAUSE_WORDS[0] <= len(clause.split()) <= _CLAUSE_WORDS[1]:
        return None
    before, after = clause[:match.start()], clause[match.end():]
    if len(before.split()) < 3 or re.search(r"\d", before) or _DATE_WORD.match(after) or _DATE_WORD.search(before):
        return None
    question = (before + "bao nhiêu" + after).strip(" .–-")
    return question[0].upper() + question[1:] + "?"


def figure_questions(doc: ParsedDoc) -> list[str]:
    return [q for c in doc.chunks for s in c.sentences if (q := figure_question(s.text))]


def requirement_question(meta: DocMeta) -> str | None:
    if meta.type in _ASKS_FOR_REQUIREMENTS and meta.number:
        return f"{meta.type.capitalize()} {meta.number.value} yêu cầu những gì?"
    return None


def date_question(meta: DocMeta) -> str | None:
    if meta.number and meta.date:
        return f"Văn bản {meta.number.value} ban hành ngày nào?"
    if meta.is_news and meta.date and len(meta.title) < 90:
        return f"Tin \u201c{meta.title}\u201d đăng ngày nào?"
    return None


def _figures(doc: ParsedDoc) -> list[str]:
    return figure_questions(doc)[:3]


def _requirement(doc: ParsedDoc) -> list[str]:
    return [q for q in [requirement_question(doc.meta)] if q]


def _date(doc: ParsedDoc) -> list[str]:
    return [q for q in [date_question(doc.meta)] if q]


def pick_examples(engine, limit: int = 3) -> list[str]:
    """A figure, a requirement and a date question, from different documents (another figure when
    no requirement or date question is answered)."""
    gen = engine.generation
    if gen is None:
        return []
    docs = sorted(gen.docs.values(), key=lambda d: d.meta.date.value if d.meta.date else "", reverse=True)
    makers = [_figures, _requirement, _date, _figures]  # a second figure when one kind is not answered
    chosen, used = [], set()
    for make in makers:
        if len(chosen) == limit:
            break
        for doc in (d for d in docs if d.meta.doc not in used):
            question = next((q for q in make(doc) if _answered_from(engine, q, doc.meta.doc)), None)
            if question:
                chosen.append(question)
                used.add(doc.meta.doc)
                break
    return chosen[:limit]


def _answered_from(engine, question: str, doc: str) -> bool:
    answer = engine.answer(question)
    return answer.status == "answered" and any(c.doc == doc for c in answer.citations)
