"""Extractive answers: the best-supporting source sentences, cited and quoted by code."""

from __future__ import annotations

from retrieval.evidence import Evidence
from retrieval.models import Answer, Citation, DocMeta, MetaField
from retrieval.query import Query
from retrieval.text import vi_date
from retrieval.texts import text

def citation(n: int, meta: DocMeta, line_start: int, line_end: int, quote: str) -> Citation:
    return Citation(n=n, doc=meta.doc, title=meta.title, line_start=line_start, line_end=line_end, quote=quote,
                    number=meta.number.value if meta.number else "", date=meta.date.value if meta.date else "")


def extractive(query: Query, chosen: list[Evidence], metas: dict[str, DocMeta]) -> Answer:
    citations, parts = [], []
    for n, ev in enumerate(chosen, start=1):
        s = ev.sentence
        citations.append(citation(n, metas[ev.hit.chunk.doc], s.line_start, s.line_end, s.text))
        parts.append(f"{s.text} [{n}]")
    body = " ".join(parts)
    if query.language == "en":
        body = text("en", "quoted") + body
    return Answer("answered", body, citations, language=query.language)


def not_found(query: Query) -> Answer:
    return Answer("not_found", text(query.language, "not_found"), language=query.language)


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
