"""The answer decision: answered / related / not_found.

`not_found` only when the knowledge base clearly does not cover the question: it hinges on a specific
thing that occurs nowhere in it (a document number, an organisation, a brand, a person's name), or not
one content word of it is near the best passages. Otherwise one calibrated score: a logistic model over
the signals (signals.py), fitted on the dev set's train split, with the answer threshold chosen on its
validation split (`python -m bot eval --calibrate`), stored as data in data/decision.json; below it
the closest passages are shown (`related`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from retrieval.lexical import LexicalIndex
from retrieval.models import DocMeta
from retrieval.query import Query
from retrieval.signals import FEATURES, Signals
from retrieval.text import tokens

MODEL_FILE = "decision.json"
# A proper name counts as known when at least this share of its bigrams occur in the knowledge base
# (title-cased words or a slightly different order must not make a known name "unknown").
NAME_KNOWN_SHARE = 0.5
# Two-letter acronyms are too often chat shorthand ("CĐ", "FB") to refuse a question over.
MIN_NAME_CHARS = 3


@dataclass(frozen=True)
class DecisionModel:
    weights: dict[str, float]
    bias: float
    mean: dict[str, float]
    scale: dict[str, float]
    answer_threshold: float     # probability at or above which the evidence is given as the answer;
                                # below it the closest passages are shown (the score never says not_found)

    def probability(self, signals: Signals) -> float:
        values = dict(zip(FEATURES, signals.vector()))
        z = self.bias + sum(w * (values[f] - self.mean[f]) / self.scale[f] for f, w in self.weights.items())
        return float(1.0 / (1.0 + np.exp(-z)))

    def status(self, probability: float) -> str:
        return "answered" if probability >= self.answer_threshold else "related"

    def to_dict(self) -> dict:
        return {"features": list(self.weights), "weights": self.weights, "bias": self.bias, "mean": self.mean,
                "scale": self.scale, "answer_threshold": self.answer_threshold}

    @classmethod
    def from_dict(cls, data: dict) -> "DecisionModel":
        return cls(data["weights"], data["bias"], data["mean"], data["scale"], data["answer_threshold"])

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n", "utf-8")


@lru_cache(maxsize=1)
def default_model() -> DecisionModel:
    data = json.loads(resources.files("retrieval.data").joinpath(MODEL_FILE).read_text("utf-8"))
    return DecisionModel.from_dict(data)


def _document_known(number: str, lexical: LexicalIndex, metas: dict[str, DocMeta]) -> bool:
    """A document number is known when a document has it, or when the text cites it in full
    ('Nghị định 49/2017/NĐ-CP' in a news report)."""
    own = {m.number.value.lower() for m in metas.values() if m.number}
    if number.lower() in own or ("/" not in number and number in {n.split("/")[0] for n in own}):
        return True
    parts = tokens(number)
    if "/" in number:
        return len(parts) >= 2 and lexical.in_corpus(f"{parts[0]}_{parts[1]}")
    return lexical.in_corpus(f"so_{parts[0]}")


def structural_reason(query: Query, lexical: LexicalIndex, metas: dict[str, DocMeta]) -> str | None:
    """Why the knowledge base clearly cannot answer, or None."""
    for asked in query.doc_numbers:
        if not _document_known(asked, lexical, metas):
            return f"no document numbered {asked}"
    singles = [n for n in query.names if "_" not in n and len(n) >= MIN_NAME_CHARS]
    unknown = [n for n in singles if not lexical.in_corpus(n)]
    if unknown:
        return f"names not in the knowledge base: {unknown}"
    bigrams = [n for n in query.names if "_" in n]
    if bigrams and sum(lexical.in_corpus(b) for b in bigrams) < NAME_KNOWN_SHARE * len(bigrams):
        return f"proper name not in the knowledge base: {bigrams}"
    return None


def nothing_relevant(query: Query, signals: Signals) -> bool:
    """Not one content word of the question in or around the best passages."""
    return bool(query.content) and not signals.coverage_top
