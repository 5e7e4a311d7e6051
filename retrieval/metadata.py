"""A document's metadata (DocMeta) from its structure (structure.py) and its references to other
documents (references.py); every value keeps the line it was read from and a verbatim quote."""

from __future__ import annotations

import re

from retrieval import references
from retrieval.models import DocMeta, DocRef, MetaField
from retrieval.quotes import is_verbatim, span_text
from retrieval.structure import Structure, Value
from retrieval.text import clean_line

MAX_DERIVED_TITLE = 110


def _field(value: Value | None, lines: list[str], text: str | None = None) -> MetaField | None:
    """A MetaField whose quote is verbatim in its lines: the whole value when its lines hold nothing
    else, else the part on its first line (a value read from one column of a two-column layout)."""
    if value is None or not value.text:
        return None
    first, last = value.lines[0] + 1, value.lines[-1] + 1
    quote = value.quote or value.text
    if is_verbatim(quote, lines, first, last):
        return MetaField(text or value.text, first, quote, last if last != first else 0)
    head = clean_line(lines[first - 1])
    return MetaField(text or value.text, first, head, 0)


REF_SPAN = 3   # a citation of a reference spans at most this many lines after the sentence's start


def _ref(ref: references.Ref, lines: list[str]) -> DocRef:
    """The reference with the lines from its sentence's start to the line that prints its number (a
    wrapped 'và thay thế' / 'Quyết định số 63/2015/QĐ-TTg'), quoted verbatim."""
    start = end = ref.line
    if ref.number:
        compact = ref.number.replace(" ", "")
        end = next((j for j in range(ref.line, min(len(lines), ref.line + 12))
                    if compact in re.sub(r"\s+", "", lines[j]).upper()), ref.line)
        start = start if end - start <= REF_SPAN else end
    return DocRef(ref.name, ref.number, start + 1, span_text(lines, start + 1, end + 1), end + 1 if end > start else 0)


def _title(s: Structure, lines: list[str], body_lines: list[int]) -> str:
    if s.subject is not None:
        subject = re.sub(r"\s+", " ", s.subject.text).strip()
        return f"{s.type.capitalize()}: {subject}" if s.type and s.type != "tin tức" else subject
    return _derived_title(lines, body_lines)


def _derived_title(lines: list[str], body_lines: list[int]) -> str:
    """A report without a headline: its lead sentence, shortened at a word boundary."""
    first = next((clean_line(lines[i]) for i in body_lines if clean_line(lines[i])), "")
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0].rstrip(".")
    if len(sentence) <= MAX_DERIVED_TITLE:
        return sentence
    return sentence[:MAX_DERIVED_TITLE].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def extract(doc: str, lines: list[str], s: Structure, body_lines: list[int]) -> DocMeta:
    """`body_lines`: indexes of the lines indexed as content (for a derived title)."""
    skip = s.header | s.trailer | s.noise | set(s.title)
    subject = s.subject.text if s.subject else ""
    own = s.number.text if s.number else ""
    related = references.relations(lines, skip, subject, own, s.type, s.subject.lines[0] if s.subject else 0)
    return DocMeta(
        doc=doc, title=_title(s, lines, body_lines), type=s.type or "văn bản",
        title_line=s.title[0] + 1 if s.title else 0,
        number=_field(s.number, lines), date=_field(s.date, lines), signer=_field(s.signer, lines),
        subject=_field(s.subject, lines), place=s.place, issuer=s.issuer, parent_issuer=s.parent_issuer,
        signer_title=s.signer_position, signing_form=s.signing_form,
        signature_line=s.signature_first + 1 if s.signature_first is not None else 0,
        recipients=[f for v in s.recipients if (f := _field(v, lines))],
        based_on=[_ref(r, lines) for r in references.bases(lines, skip)],
        replaces=[_ref(r, lines) for r in related["replaces"]],
        amends=[_ref(r, lines) for r in related["amends"]],
        repeals=[_ref(r, lines) for r in related["repeals"]],
    )
