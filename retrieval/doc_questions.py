"""Questions about a document itself — who signed it, its number, its date, who issued it — answered
from the metadata read off its header and signature block, citing the line each value came from."""

from __future__ import annotations

import re

from retrieval.answering import citation
from retrieval.models import Answer, DocMeta, MetaField
from retrieval.query import Query
from retrieval.search import Hit
from retrieval.text import fold, vi_date
from retrieval.texts import text

# Without a document number, a date/signer question is about a document only if it says so
# ("khi nào ..." is usually about an event).
_DOC_WORDS = re.compile(r"\b(thong bao|van ban|quyet dinh|nghi dinh|thong tu|cong van|chi thi|ke hoach|bao cao"
                        r"|ban hanh|bai viet|bai bao|ky|dang|announcement|document|decision|decree|issued"
                        r"|published|signed)\b")


def office_case(upper: str) -> str:
    """'KT. BỘ TRƯỞNG, CHỦ NHIỆM – PHÓ CHỦ NHIỆM' -> 'KT. Bộ trưởng, Chủ nhiệm – Phó Chủ nhiệm'."""
    def part(segment: str) -> str:
        words = segment.strip().split()
        out = [w if (w.endswith(".") and len(w) <= 4) else w.lower() for w in words]
        for i, w in enumerate(out):  # capitalise the first word of the office ('bộ trưởng' -> 'Bộ trưởng')
            if not w.endswith("."):
                out[i] = w[:1].upper() + w[1:]
                break
        return " ".join(out)
    return " – ".join(", ".join(part(s) for s in seg.split(",")) for seg in upper.split(" – "))


def _metadata_sentence(query: Query, meta: DocMeta) -> tuple[str, MetaField] | None:
    field: MetaField | None = {"signer": meta.signer, "date": meta.date, "number": meta.number,
                               "issuer": meta.number}.get(query.intent or "")
    if field is None or (query.intent == "issuer" and not meta.issuer):
        return None
    lang = query.language
    ref = (text(lang, "doc_ref_number", number=meta.number.value) if meta.number
           else text(lang, "doc_ref_title", title=meta.title))
    values = {"doc_ref": ref, "title": meta.title, "number": field.value, "issuer": meta.issuer.title(),
              "date": vi_date(field.value) if query.intent == "date" else field.value,
              "signer": field.value}
    if query.intent == "signer":
        values["title"] = f" ({office_case(meta.signer_title)})" if meta.signer_title else ""
    return text(lang, query.intent, **values), field


def metadata_answer(query: Query, metas: list[DocMeta]) -> Answer | None:
    """Answer a question about documents' signer, date, number or issuer from their metadata."""
    parts, citations = [], []
    for meta in metas:
        found = _metadata_sentence(query, meta)
        if found is None:
            continue
        sentence, field = found
        n = len(citations) + 1
        parts.append(f"{sentence} [{n}]")
        citations.append(citation(n, meta, field.line, field.line, field.quote))
    if not citations:
        return None
    return Answer("answered", " ".join(parts), citations, language=query.language)


def documents_asked_about(query: Query, metas: dict[str, DocMeta]) -> list[DocMeta]:
    """Documents whose number the question names ('thông báo 125', '125/TB-VPCP')."""
    folded = fold(query.text)
    return [m for m in metas.values()
            if m.number and re.search(rf"\b{re.escape(fold(m.number.value.split('/')[0]))}\b", folded)]


def answer(query: Query, metas: dict[str, DocMeta], hits: list[Hit]) -> Answer | None:
    """The metadata answer, or None (not a question about a document: answer it from the text).
    Numbers of documents we do not have were refused before (decision.structural_reason)."""
    named = documents_asked_about(query, metas)
    if named:
        return metadata_answer(query, named)
    if not _DOC_WORDS.search(fold(query.normalized)):
        return None
    for hit in hits:
        if result := metadata_answer(query, [metas[hit.chunk.doc]]):
            return result
    return None
