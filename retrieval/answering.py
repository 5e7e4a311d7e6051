"""Building answers: the best-supporting source sentences (answered), the closest passages (related),
or a polite not-found; every quote is cut from the source by code."""

from __future__ import annotations

import re
from dataclasses import replace

from retrieval.evidence import Evidence
from retrieval.models import Answer, Citation, DocMeta
from retrieval.query import Query
from retrieval.texts import text

def citation(n: int, meta: DocMeta, line_start: int, line_end: int, quote: str) -> Citation:
    return Citation(n=n, doc=meta.doc, title=meta.title, line_start=line_start, line_end=line_end, quote=quote,
                    number=meta.number.value if meta.number else "", date=meta.date.value if meta.date else "")


def _citations(chosen: list[Evidence], metas: dict[str, DocMeta]) -> list[Citation]:
    return [citation(n, metas[ev.hit.chunk.doc], ev.sentence.line_start, ev.sentence.line_end, ev.sentence.text)
            for n, ev in enumerate(chosen, start=1)]


def extractive(query: Query, chosen: list[Evidence], metas: dict[str, DocMeta]) -> Answer:
    citations = _citations(chosen, metas)
    body = " ".join(f"{c.quote} [{c.n}]" for c in citations)
    if query.language == "en":
        body = text("en", "quoted") + body
    return Answer("answered", body, citations, language=query.language)


def related(query: Query, passages: list[Evidence], metas: dict[str, DocMeta]) -> Answer:
    """Not confident the documents answer it: say so, and show the closest passages."""
    citations = _citations(passages, metas)
    markers = " ".join(f"[{c.n}]" for c in citations)
    return Answer("related", f"{text(query.language, 'related')} {markers}", citations, language=query.language)


def not_found(query: Query) -> Answer:
    return Answer("not_found", text(query.language, "not_found"), language=query.language)


_MARKER = re.compile(r"\[(\d+)\]")


def joined(first: list[Answer], rest: Answer) -> Answer:
    """Parts of one question answered apart (a document's signer from its header, the rest from the
    text): the document's parts first, markers renumbered. The whole is only as sure as its least sure part:
    a rest the documents do not answer makes it `related`."""
    citations, texts = [], []
    for part in [*first, rest]:
        offset = len(citations)
        citations += [replace(c, n=c.n + offset) for c in part.citations]
        texts.append(_MARKER.sub(lambda m: f"[{int(m.group(1)) + offset}]", part.text))
    status = rest.status if rest.status in ("answered", "related") else "related"
    return replace(rest, status=status, text="\n\n".join(texts), citations=citations)
