"""Rendering answers and reports as Telegram HTML, split within Telegram's limits."""

from __future__ import annotations

from html import escape

from bot import texts
from retrieval.models import Answer, Citation, DocMeta, ReloadReport
from retrieval.text import vi_date
from retrieval.validity import status_line

LIMIT = 4096          # Telegram counts UTF-16 code units
_PIECE = 3000         # raw text per piece when a single block is too long


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _cut(raw: str, size: int = _PIECE) -> list[str]:
    """Split raw (unescaped) text at paragraph, sentence or word boundaries."""
    pieces = []
    while utf16_len(raw) > size:
        window = raw[:size]
        cut = max(window.rfind("\n\n"), window.rfind(". "), window.rfind("\n"))
        if cut < size // 3:
            cut = window.rfind(" ")
        if cut < size // 3:
            cut = size
        pieces.append(raw[:cut + 1].strip())
        raw = raw[cut + 1:]
    return pieces + [raw.strip()] if raw.strip() else pieces


def line_span(start: int, end: int) -> str:
    """'dòng 12' or 'dòng 12–14': where a quote stands in its file."""
    return f"{texts.LINES} {start}" + (f"–{end}" if end != start else "")


def citation_heading(c: Citation) -> str:
    details = [d for d in (c.number, vi_date(c.date) if c.date else "") if d]
    where = line_span(c.line_start, c.line_end)
    extra = f" ({escape(', '.join(details))})" if details else ""
    return f"[{c.n}] <b>{escape(c.title)}</b>{extra}, {where}"


def answer_blocks(answer: Answer) -> list[str]:
    """Self-contained HTML blocks (no tag spans two blocks): paragraphs, then one per source.
    A `related` answer is marked as such: the passages are offered, not asserted."""
    blocks = [escape(p) for para in answer.text.split("\n\n") for p in _cut(para)]
    if answer.status == "related" and blocks:
        blocks[0] = f"{texts.RELATED_MARK} <i>{blocks[0]}</i>"
    if answer.citations:
        heading = texts.RELATED_SOURCES if answer.status == "related" else texts.SOURCES
        blocks.append(f"<b>{heading}</b>")
    for c in answer.citations:
        quotes = _cut(c.quote)
        blocks.append(citation_heading(c) + "\n" + f"<blockquote expandable>{escape(quotes[0])}</blockquote>")
        blocks += [f"<blockquote expandable>{escape(q)}</blockquote>" for q in quotes[1:]]
    return blocks


def pack(blocks: list[str], limit: int = LIMIT) -> list[str]:
    """Join blocks into as few messages as fit, never splitting a block."""
    messages, current = [], ""
    for block in blocks:
        candidate = f"{current}\n\n{block}" if current else block
        if utf16_len(candidate) <= limit:
            current = candidate
        else:
            messages.append(current)
            current = block
    return messages + [current] if current else messages


def answer_messages(answer: Answer) -> list[str]:
    return pack(answer_blocks(answer))


def to_plain(html_text: str) -> str:
    """Fallback when Telegram rejects the markup: the text a reader would see."""
    from bs4 import BeautifulSoup

    return BeautifulSoup(html_text, "html.parser").get_text()


def docs_list(metas: list[DocMeta], validity: dict | None = None) -> list[str]:
    """The documents, newest first; one that a newer document replaced, amended or repealed says so."""
    if not metas:
        return [texts.DOCS_EMPTY]
    blocks = [texts.DOCS_HEADER.format(count=len(metas))]
    for i, m in enumerate(sorted(metas, key=lambda m: (m.date.value if m.date else "", m.doc), reverse=True), 1):
        details = [m.number.value if m.number else "", vi_date(m.date.value) if m.date else texts.NO_DATE]
        line = f"{i}. <b>{escape(m.title)}</b> ({escape(', '.join(d for d in details if d))})"
        if status := status_line(m.doc, validity or {}):
            line += f"\n   ⚠️ {escape(status)}"
        blocks.append(line)
    return pack(blocks)


def reload_report_text(report: ReloadReport, html: bool = True) -> str:
    esc = escape if html else (lambda s: s)
    b = (lambda s: f"<b>{s}</b>") if html else (lambda s: s)
    lines = [b("Kết quả cập nhật kho tài liệu") + f" ({report.duration_s:.1f} giây)"]
    for label, names in (("Thêm mới", report.added), ("Cập nhật", report.updated),
                         ("Không đổi", report.unchanged), ("Đã xoá", report.removed)):
        lines.append(f"{label}: {len(names)}")
        lines += [f"  • {esc(n)}" for n in names if label != "Không đổi"]
    lines.append(f"Lỗi: {len(report.failed)}")
    lines += [f"  • {esc(f.doc)}: {esc(f.reason)}" for f in report.failed]
    lines.append(f"Tổng số đoạn trong chỉ mục: {report.chunks} (mới tạo embedding: {report.embedded})")
    return "\n".join(lines)


def stats_text(stats) -> str:
    lines = [texts.STATS_HEADER]
    lines += [texts.STATS_DAY.format(day=vi_date(day), count=n) for day, n in stats.per_day]
    share = (lambda n: n / stats.total) if stats.total else (lambda n: 0.0)
    lines.append(texts.STATS_SUMMARY.format(total=stats.total, answered=stats.answered, related=stats.related,
                                            not_found=stats.not_found, answered_rate=share(stats.answered),
                                            related_rate=share(stats.related), rate=share(stats.not_found),
                                            up=stats.up, down=stats.down))
    lines.append(texts.STATS_UNANSWERED)
    lines += [f"• {escape(_short(q))} ({n})" for q, n in stats.unanswered] or [texts.STATS_NONE]
    return pack(lines)[0]


def _short(text: str, size: int = 120) -> str:
    return text if len(text) <= size else text[:size].rsplit(" ", 1)[0] + "…"


def document_summary(meta: DocMeta, chunks: int) -> str:
    return texts.DOC_SUMMARY.format(title=escape(meta.title), number=escape(meta.number.value) if meta.number else "—",
                                    date=vi_date(meta.date.value) if meta.date else texts.NO_DATE, chunks=chunks)


def answer_plain(answer: Answer) -> str:
    """An answer for a terminal (`python -m bot ask`): text, then each source and its quote."""
    lines = [answer.text]
    if answer.citations:
        related = answer.status == "related"
        heading = {("vi", False): texts.SOURCES, ("en", False): "Sources", ("vi", True): texts.RELATED_SOURCES,
                   ("en", True): "Closest passages"}[(answer.language, related)]
        lines.append(f"\n{heading}:")
        for c in answer.citations:
            lines.append(f"[{c.n}] {c.title} ({c.doc}, {line_span(c.line_start, c.line_end)})\n    “{c.quote}”")
    return "\n".join(lines)
