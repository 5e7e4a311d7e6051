"""Should the engine say "not found"? Hard rules for clear mismatches between question and
evidence, then a floor on how much of the question the evidence covers, fitted on the dev set
(`python -m bot eval --calibrate`) and stored in data/abstention.json."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

from retrieval.evidence import Support

MODEL_FILE = "abstention.json"
MAX_FALSE_REFUSAL = 0.03


@lru_cache(maxsize=1)
def _model() -> dict:
    return json.loads(resources.files("retrieval.data").joinpath(MODEL_FILE).read_text("utf-8"))


def hard_reason(s: Support) -> str | None:
    if s.foreign_names:
        return f"names or numbers not in the knowledge base: {s.foreign_names}"
    if s.missing_numbers:
        return f"numbers not in the evidence: {s.missing_numbers}"
    if s.missing_entities:
        return f"names not in the evidence: {s.missing_entities}"
    if not s.type_ok:
        return "evidence lacks the kind of answer asked for"
    return None


def score(s: Support, form: str) -> float:
    """Lexical coverage for Vietnamese; English shares no words with the text, so it is judged by
    how close the best sentence is in the multilingual embedding space."""
    return s.sentence_similarity if form == "en" else s.coverage


def should_abstain(s: Support, form: str) -> bool:
    key = "min_similarity_en" if form == "en" else "min_coverage"
    return hard_reason(s) is not None or score(s, form) < _model()[key]


def fit_floor(answerable: list[float], unanswerable: list[float], total_answerable: int) -> float:
    """Highest floor that refuses at most MAX_FALSE_REFUSAL of all answerable questions."""
    allowed = int(MAX_FALSE_REFUSAL * total_answerable)
    ordered = sorted(answerable)
    if not ordered:
        return 0.0
    floor = ordered[min(allowed, len(ordered) - 1)] - 1e-3
    # never above what is needed to catch the unanswerable ones
    below = [u for u in unanswerable if u < floor]
    return round(max(below) + 1e-3, 4) if below else round(min(ordered) - 1e-3, 4)


def save(model: dict, path: Path) -> None:
    path.write_text(json.dumps(model, indent=2) + "\n", "utf-8")
    _model.cache_clear()
