"""Questions about a document itself — who signed it, its number, date, issuer, subject, recipients,
the documents it is based on, replaces, amends or repeals, and which document replaced it — answered
from the metadata read off it, citing the line each value came from."""

from __future__ import annotations

import re
from collections.abc import Callable

from retrieval.answering import citation
from retrieval.models import Answer, Citation, DocMeta, DocRef, MetaField
from retrieval.quotes import span_text
from retrieval.query import AUTHOR, Query
from retrieval.references import number_key
from retrieval.search import Hit
from retrieval.text import collapse_ws, fold, strip_emphasis, vi_date
from retrieval.texts import text
from retrieval.validity import RELATION_KINDS

# Without a document number, a question is about a document only if it says so
# ("khi nào ..." is usually about an event).
_KINDS = (r"thong bao|quyet dinh|nghi dinh|nghi quyet|thong tu|cong van|chi thi|ke hoach|announcement"
          r"|decision|decree|circular|directive|letter")
_TYPES = rf"{_KINDS}|van ban|document"
_NEWS_NAMES = r"bai bao|bai viet|ban tin|bai tin|tin bai|article"
# A question naming a kind of document ('ai ký nghị định …') is about one of that kind, never another.
_NAMED_KIND = re.compile(rf"\b({_KINDS}|{_NEWS_NAMES}|tin tuc|news)\b")
_DOC_WORDS = re.compile(rf"\b({_TYPES}|{_NEWS_NAMES}|{AUTHOR}|bao cao|to trinh|ban hanh|ky|dang|issued|published"
                        r"|signed|report)\b")
# A document named by type and number ('Chỉ thị 16/CT-TTg', 'Quyết định 06/2013').
_TYPED_NUMBER = re.compile(rf"\b({_TYPES})\s+(so\s+|no\.?\s*)?\d")
LIST_LIMIT = 8     # recipients or bases named in the answer text; the citation shows them all


def office_case(upper: str) -> str:
    """'KT. BỘ TRƯỞNG, CHỦ NHIỆM' -> 'KT. Bộ trưởng, Chủ nhiệm'."""
    def part(segment: str) -> str:
        words = segment.strip().split()
        out = [w if (w.endswith(".") and len(w) <= 4) else w.lower() for w in words]
        for i, w in enumerate(out):  # capitalise the first word of the office ('bộ trưởng' -> 'Bộ trưởng')
            if not w.endswith("."):
                out[i] = w[:1].upper() + w[1:]
                break
        return " ".join(out)
    return " – ".join(", ".join(part(s) for s in seg.split(",")) for seg in upper.split(" – "))


def doc_ref(meta: DocMeta, language: str) -> str:
    """'Quyết định số 12/2024/QĐ-TTg', or the document's title when it has no number."""
    if meta.number and meta.type and meta.type != "văn bản":
        return f"{meta.type.capitalize()} số {meta.number.value}" if language == "vi" else \
            text("en", "doc_ref_number", number=meta.number.value)
    if meta.number:
        return text(language, "doc_ref_number", number=meta.number.value)
    return text(language, "doc_ref_title", title=meta.title)


class _Builder:
    """Sentences with [n] markers and the citations they point at."""

    def __init__(self):
        self.parts: list[str] = []
        self.citations: list[Citation] = []

    def cite(self, meta: DocMeta, start: int, end: int, quote: str) -> str:
        n = len(self.citations) + 1
        self.citations.append(citation(n, meta, start, end, quote))
        return f"[{n}]"

    def field(self, meta: DocMeta, f: MetaField) -> str:
        return self.cite(meta, f.line, f.last_line, f.quote)

    def span(self, meta: DocMeta, lines: list[str], start: int, end: int, first: MetaField | DocRef) -> str:
        """Lines start..end quoted whole; the first item alone when the file cannot be read now."""
        if not lines:
            return self.cite(meta, first.line, first.last_line, first.quote)
        return self.cite(meta, start, end, collapse_ws(strip_emphasis(span_text(lines, start, end))))

    def answer(self, query: Query) -> Answer | None:
        if not self.citations:
            return None
        return Answer("answered", " ".join(self.parts), self.citations, language=query.language)


def _names(items: list[str]) -> str:
    shown = items[:LIST_LIMIT]
    rest = len(items) - len(shown)
    return "; ".join(shown) + (f"; … (+{rest})" if rest else "")


def _about(query: Query, meta: DocMeta, lines: list[str], b: _Builder) -> bool:
    """One document's answer sentence for the question's intent; False when it lacks the field."""
    lang, intent, ref = query.language, query.intent, doc_ref(meta, query.language)
    if intent == "signer" and meta.signer:
        position = " ".join(p for p in (meta.signing_form, office_case(meta.signer_title)) if p)
        key = "author" if meta.is_news else "signer"
        b.parts.append(text(lang, key, doc_ref=ref, signer=meta.signer.value,
                            title=f" ({position})" if position else "") + " " + _signature(meta, lines, b))
    elif intent == "date" and meta.date:
        place = text(lang, "at_place", place=meta.place) if meta.place else ""
        b.parts.append(text(lang, "date", doc_ref=ref, date=vi_date(meta.date.value), place=place)
                       + " " + b.field(meta, meta.date))
    elif intent == "number" and meta.number:
        b.parts.append(text(lang, "number", title=meta.title, number=meta.number.value) + " " + b.field(meta, meta.number))
    elif intent == "issuer" and meta.issuer and (meta.number or meta.date):
        parent = text(lang, "parent", parent=meta.parent_issuer.title()) if meta.parent_issuer else ""
        anchor = meta.number or meta.date
        b.parts.append(text(lang, "issuer", doc_ref=ref, issuer=meta.issuer.title(), parent=parent)
                       + " " + b.field(meta, anchor))
    elif intent == "subject" and meta.subject:
        b.parts.append(text(lang, "subject", doc_ref=ref, subject=meta.subject.value) + " " + b.field(meta, meta.subject))
    elif intent == "recipients" and meta.recipients:
        first, last = meta.recipients[0].line, meta.recipients[-1].last_line
        b.parts.append(text(lang, "recipients", doc_ref=ref, names=_names([r.value for r in meta.recipients]))
                       + " " + b.span(meta, lines, first, last, meta.recipients[0]))
    elif intent == "bases" and meta.based_on:
        first, last = meta.based_on[0].line, meta.based_on[-1].last_line
        b.parts.append(text(lang, "bases", doc_ref=ref, names=_names([r.name for r in meta.based_on]))
                       + " " + b.span(meta, lines, first, last, meta.based_on[0]))
    elif intent == "relations" and (meta.replaces or meta.amends or meta.repeals):
        _relations(query, meta, b)
    else:
        return False
    return True


def _signature(meta: DocMeta, lines: list[str], b: _Builder) -> str:
    """The signature block quoted whole (form and position above the name: who signed, and as what)."""
    if 0 < meta.signature_line < meta.signer.line:
        return b.span(meta, lines, meta.signature_line, meta.signer.last_line, meta.signer)
    return b.field(meta, meta.signer)


def _relations(query: Query, meta: DocMeta, b: _Builder) -> None:
    said = []
    for kind in RELATION_KINDS:
        refs: list[DocRef] = getattr(meta, kind)
        if refs:
            cited = " ".join(f"{r.name} {b.cite(meta, r.line, r.last_line, r.quote)}" for r in refs)
            said.append(text(query.language, f"rel_{kind}", refs=cited))
    b.parts.append(text(query.language, "relations", doc_ref=doc_ref(meta, query.language), said="; ".join(said)) + ".")


_NEWS_WORDS = re.compile(rf"\b({_NEWS_NAMES}|tin tuc|news)\b")


def _names_type(folded_question: str, meta: DocMeta) -> bool:
    """Does the question name this document's type ('bài báo' for news, 'thông báo', 'nghị định' ...)?"""
    if meta.is_news:
        return bool(_NEWS_WORDS.search(folded_question))
    return bool(meta.type) and meta.type != "văn bản" and re.search(rf"\b{re.escape(fold(meta.type))}\b",
                                                                    folded_question) is not None


def cites_another_document(query: Query, folded_question: str) -> bool:
    """Does the question name a document by number ('Chỉ thị 16/CT-TTg') that is not one of ours
    (asked only when none of ours matched)? Then it is about a document the text cites."""
    return bool(query.doc_numbers or _TYPED_NUMBER.search(folded_question))


def documents_asked_about(query: Query, metas: dict[str, DocMeta]) -> list[DocMeta]:
    """Documents whose number the question names: in full ('125/TB-VPCP'), or by its first part
    ('thông báo 125') when the question gives no full number — of the type it names, if it names one."""
    folded = fold(query.text)
    numbered = [m for m in metas.values() if m.number and m.number.value.split("/")[0].strip()]
    full = [m for m in numbered if fold(m.number.value) in folded]
    if full or any("/" in n for n in query.doc_numbers):
        return full
    short = [m for m in numbered if re.search(rf"\b{re.escape(fold(m.number.value.split('/')[0]))}\b", folded)]
    typed = [m for m in short if fold(m.type) in folded]
    return typed or short


def _superseded(query: Query, metas: dict[str, DocMeta]) -> Answer | None:
    """'Văn bản nào thay thế Quyết định 63/2015?': the documents whose relations name that number."""
    asked = {number_key(n) for n in query.doc_numbers if "/" in n}
    asked |= {number_key(m.number.value) for m in documents_asked_about(query, metas)}
    b = _Builder()
    for meta in metas.values():
        for kind in RELATION_KINDS:
            for r in getattr(meta, kind):
                if r.number and any(r.number == a or r.number.startswith(a) for a in asked):
                    marker = b.cite(meta, r.line, r.last_line, r.quote)
                    b.parts.append(text(query.language, f"by_{kind}", target=r.name,
                                        doc_ref=doc_ref(meta, query.language)) + f" {marker}")
    if b.citations:
        return b.answer(query)
    if asked:
        return Answer("not_found", text(query.language, "not_superseded"), language=query.language)
    return None


def answer(query: Query, metas: dict[str, DocMeta], hits: list[Hit],
           sources: Callable[[str], list[str]]) -> Answer | None:
    """The metadata answer, or None (not a question about a document: answer it from the text).
    `sources(doc)`: a document's lines (for quotes of several lines). Numbers of documents we do not
    have were refused before (decision.structural_reason)."""
    if query.intent == "superseded":
        return _superseded(query, metas)
    named = documents_asked_about(query, metas)
    folded = fold(query.normalized)
    if not named and cites_another_document(query, folded):
        return None  # the text answers, not our metadata
    if not named and not _DOC_WORDS.search(folded):
        return None
    b = _Builder()
    if named:
        for meta in named:
            _about(query, meta, sources(meta.doc), b)
        return b.answer(query)
    # Without a number: the best-matching document (of the type the question names, if it names one).
    # When it lacks the field the text may still say it ('Ngày 11-5, Thủ tướng ...'): not another document's.
    ranked = [metas[doc] for doc in dict.fromkeys(h.chunk.doc for h in hits)]
    typed = [m for m in ranked if _names_type(folded, m)]
    if not typed and _NAMED_KIND.search(folded):
        return None  # no such document among those found: what the text says of one, if anything
    best = (typed or ranked)[:1]
    return b.answer(query) if best and _about(query, best[0], sources(best[0].doc), b) else None
