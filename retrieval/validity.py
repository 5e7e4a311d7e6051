"""Validity between documents: a document that a newer one in the knowledge base replaces, amends or
repeals is marked, and answers citing it say so in one cited line."""

from __future__ import annotations

from dataclasses import dataclass

from retrieval.models import Answer, DocMeta, DocRef
from retrieval.references import number_key
from retrieval.texts import text

RELATION_KINDS = ("replaces", "amends", "repeals")


@dataclass(frozen=True)
class Supersession:
    kind: str          # replaces | amends | repeals (what the newer document does)
    by: DocMeta        # the newer document
    ref: DocRef        # where it says so


def supersessions(metas: dict[str, DocMeta]) -> dict[str, list[Supersession]]:
    """For each document, the documents of the knowledge base that replace, amend or repeal it."""
    by_number = {number_key(m.number.value): m for m in metas.values() if m.number}
    out: dict[str, list[Supersession]] = {}
    for newer in metas.values():
        for kind in RELATION_KINDS:
            for ref in getattr(newer, kind):
                older = by_number.get(ref.number)
                if older is not None and older.doc != newer.doc:
                    out.setdefault(older.doc, []).append(Supersession(kind, newer, ref))
    return out


def annotate(answer: Answer, validity: dict[str, list[Supersession]], language: str,
             cite) -> Answer:
    """Add to an answer one note per cited document that a newer one replaced, amended or repealed,
    citing where the newer one says so. `cite(n, meta, line, quote)` makes a Citation."""
    notes, extra = [], []
    for doc in dict.fromkeys(c.doc for c in answer.citations):
        for s in validity.get(doc, []):
            n = len(answer.citations) + len(extra) + 1
            extra.append(cite(n, s.by, s.ref.line, s.ref.last_line, s.ref.quote))
            notes.append(text(language, f"note_{s.kind}", by=_name(s.by)) + f" [{n}]")
    if not notes:
        return answer
    answer.text = f"{answer.text}\n\n" + " ".join(notes)
    answer.citations = answer.citations + extra
    return answer


def _name(meta: DocMeta) -> str:
    return f"{meta.type.capitalize()} số {meta.number.value}" if meta.number else meta.title


def status_line(doc: str, validity: dict[str, list[Supersession]], language: str = "vi") -> str:
    """'đã được thay thế bởi Quyết định số ...' for /docs; empty when still in force as far as we know."""
    return "; ".join(text(language, f"short_{s.kind}", by=_name(s.by)) for s in validity.get(doc, []))
