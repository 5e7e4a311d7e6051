"""Scoring extracted metadata against the hand-written goldens of tests/data/corpus/*.json."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from retrieval.extraction import extract
from retrieval.models import DocMeta, DocRef
from retrieval.references import number_key
from retrieval.text import collapse_ws, fold

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
FIELDS = ["type", "number", "date", "issuer", "subject", "signer"]


def goldens() -> list[dict]:
    return [json.loads(p.read_text("utf-8")) for p in sorted(CORPUS.glob("*.json"))]


def as_text_file(golden: dict, target_dir: Path) -> Path:
    """The document as the bot stores it: uploads are converted to .txt (DOCX included)."""
    source = CORPUS / golden["file"]
    target = target_dir / f"{source.stem}.txt"
    target.write_text(extract(source.name, source.read_bytes()).text, "utf-8")
    return target


def norm(text: str | None) -> str:
    return collapse_ws(fold(text or "")).strip(" .;:,")


def similar(a: str | None, b: str | None, threshold: int = 90) -> bool:
    if not a and not b:
        return True
    return bool(a and b) and fuzz.ratio(norm(a), norm(b)) >= threshold


def field_ok(name: str, meta: DocMeta, gold: dict) -> bool:
    ours = {"type": meta.type, "number": meta.number and meta.number.value, "date": meta.date and meta.date.value,
            "issuer": meta.issuer, "subject": meta.subject and meta.subject.value,
            "signer": meta.signer and meta.signer.value}[name]
    want = gold[name]
    if name == "subject":
        return similar(ours, want)
    if name == "date":
        return (ours or None) == want
    return norm(ours) == norm(want)


def _gold_number(text: str) -> str:
    m = re.search(r"\d+\s?/\s?[\w/\-\s]+", text)
    return number_key(m.group(0)) if m and "/" in text else ""


def ref_found(gold: str, ours: list[DocRef]) -> bool:
    number = _gold_number(gold)
    for ref in ours:
        if number and ref.number and (number == ref.number or number.startswith(ref.number) or ref.number.startswith(number)):
            return True
        if not number and fuzz.partial_ratio(norm(gold), norm(ref.name)) >= 88:
            return True
    return False


@dataclass
class Tally:
    """Precision and recall over the items of list fields (recipients, legal relations)."""

    found: int = 0
    wanted: int = 0
    given: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, found: int, wanted: int, given: int, label: str) -> None:
        self.found, self.wanted, self.given = self.found + found, self.wanted + wanted, self.given + given
        if found < wanted or given > found:
            self.misses.append(label)

    @property
    def precision(self) -> float:
        return self.found / self.given if self.given else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.wanted if self.wanted else 1.0
