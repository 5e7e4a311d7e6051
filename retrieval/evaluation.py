"""Dev-set evaluation of the answer engine (three outcomes) beside the plain LangChain baseline.

The dev set (tests/devset.jsonl) records a fixed split per question: `train` fits the decision
weights, `validation` chooses its thresholds, `test` is only ever reported."""

from __future__ import annotations

import json
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from retrieval.engine import Engine, Prepared
from retrieval.quotes import file_lines, is_verbatim

ALL = "all"
SPLITS = ("train", "validation", "test")


@dataclass
class Item:
    id: str
    kind: str
    question: str
    evidence: list[dict]
    split: str = "train"
    note: str = ""

    @property
    def answerable(self) -> bool:
        return bool(self.evidence)

    def matches(self, doc: str, start: int, end: int) -> bool:
        return any(ev["doc"] == doc and any(start <= ln <= end for ln in ev["lines"]) for ev in self.evidence)


def load_devset(path: Path, split: str = ALL) -> list[Item]:
    fields_ = Item.__dataclass_fields__
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    items = [Item(**{k: v for k, v in row.items() if k in fields_}) for row in rows]
    return [i for i in items if split == ALL or i.split == split]


@dataclass
class Outcome:
    item: Item
    status: str
    ranked: list[tuple[str, int, int]]          # retrieved chunk spans (doc, line_start, line_end), best first
    citations: list[tuple[str, int, int, str]]  # (doc, line_start, line_end, quote)
    latency_ms: float
    prepared: Prepared | None = field(default=None, repr=False)

    @property
    def cites_evidence(self) -> bool:
        return any(self.item.matches(d, s, e) for d, s, e, _ in self.citations)

    @property
    def category(self) -> str:
        """answerable: answered / related (with the evidence), wrong_place, not_found;
        unanswerable: the status given."""
        if not self.item.answerable:
            return f"unans_{self.status}"
        if self.status == "not_found":
            return "not_found"
        return self.status if self.cites_evidence else "wrong_place"


def _hit(o: Outcome, k: int) -> bool:
    return any(o.item.matches(*span) for span in o.ranked[:k])


def _ratio(num: int, den: int) -> float:
    return num / den if den else float("nan")


def _percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else float("nan")


def summarise(outcomes: list[Outcome], knowledge_dir: Path, baseline: list[Outcome] | None = None) -> dict:
    """Per kind (and ALL): outcome shares, retrieval hit@5, quote rule, latency."""
    lines: dict[str, list[str]] = {}

    def verbatim(doc: str, s: int, e: int, q: str) -> bool:
        if doc not in lines:
            lines[doc] = file_lines(knowledge_dir / doc)
        return is_verbatim(q, lines[doc], s, e)

    groups: dict[str, list[tuple[Outcome, Outcome | None]]] = defaultdict(list)
    for i, o in enumerate(outcomes):
        pair = (o, baseline[i] if baseline else None)
        groups[o.item.kind].append(pair)
        groups[ALL].append(pair)
    return {kind: _row(pairs, verbatim) for kind, pairs in groups.items()}


def _row(pairs, verbatim) -> dict:
    group = [o for o, _ in pairs]
    ans = [o for o in group if o.item.answerable]
    unans = [o for o in group if not o.item.answerable]
    cats = [o.category for o in group]
    quotes = [c for o in group for c in o.citations]
    latency = [o.latency_ms for o in group]
    base = [b for _, b in pairs if b is not None and b.item.answerable]
    return {
        "n": len(group), "answerable": len(ans), "unanswerable": len(unans),
        "shown": _ratio(cats.count("answered") + cats.count("related"), len(ans)),
        "answered": _ratio(cats.count("answered"), len(ans)),
        "related": _ratio(cats.count("related"), len(ans)),
        "wrong_place": _ratio(cats.count("wrong_place"), len(ans)),
        "not_found": _ratio(cats.count("not_found"), len(ans)),
        "unans_not_found": _ratio(cats.count("unans_not_found"), len(unans)),
        "unans_related": _ratio(cats.count("unans_related"), len(unans)),
        "unans_answered": _ratio(cats.count("unans_answered"), len(unans)),
        "hit@5": _ratio(sum(_hit(o, 5) for o in ans), len(ans)),
        "baseline_hit@5": _ratio(sum(_hit(b, 5) for b in base), len(base)),
        "quote_verbatim": _ratio(sum(verbatim(*c) for c in quotes), len(quotes)),
        "p50_ms": statistics.median(latency) if latency else float("nan"),
        "p95_ms": _percentile(latency, 0.95),
    }


def outcome(item: Item, prepared: Prepared, latency_ms: float, spans: dict[str, tuple[str, int, int]]) -> Outcome:
    answer = prepared.answer
    cited = [(c.doc, c.line_start, c.line_end) for c in answer.citations]
    ranked = [spans[h.chunk.id] for h in prepared.hits if h.chunk.id in spans]
    if prepared.kind == "metadata":
        # Metadata answers come from header fields (not chunks): the cited field is what was found.
        ranked = cited + ranked
    return Outcome(item, answer.status, ranked, [(c.doc, c.line_start, c.line_end, c.quote) for c in answer.citations],
                   latency_ms, prepared)


def run_engine(engine: Engine, items: list[Item]) -> list[Outcome]:
    gen = engine.generation
    spans = {c.id: (c.doc, c.line_start, c.line_end) for c in gen.chunks} if gen else {}
    engine.answer("khởi động")  # warm-up, not measured
    out = []
    for item in items:
        started = time.perf_counter()
        prepared = engine.prepare(item.question)
        out.append(outcome(item, prepared, (time.perf_counter() - started) * 1000, spans))
    return out


def run_baseline(baseline, items: list[Item]) -> list[Outcome]:
    outcomes = []
    for item in items:
        started = time.perf_counter()
        found = baseline.search(item.question)
        latency = (time.perf_counter() - started) * 1000
        outcomes.append(Outcome(item, "answered", [(d, s, e) for d, s, e, _ in found],
                                [(d, s, e, q) for d, s, e, q in found[:1]], latency))
    return outcomes


COLUMNS = [("n", "n"), ("shown", "shown"), ("answered", "answered"), ("related", "related"),
           ("wrong_place", "wrong"), ("not_found", "not_found"), ("unans_not_found", "U:not_found"),
           ("unans_related", "U:related"), ("unans_answered", "U:answered"), ("hit@5", "hit@5"),
           ("baseline_hit@5", "LC hit@5"), ("quote_verbatim", "verbatim"), ("p50_ms", "p50 ms"),
           ("p95_ms", "p95 ms")]


def format_table(table: dict, title: str = "") -> str:
    """Answerable questions: shown = answered or related citing the evidence, wrong = cited another
    place. U: = unanswerable questions. LC = the LangChain baseline's retrieval."""
    kinds = [ALL] + sorted(k for k in table if k != ALL)
    header = f"{'kind':<14}" + "".join(f"{label:>12}" for _, label in COLUMNS)
    out = [title, header, "-" * len(header)] if title else [header, "-" * len(header)]
    for kind in kinds:
        row = table[kind]
        cells = "".join(f"{row[key]:>12.0f}" if key == "n" else f"{row[key]:>12.1f}" if key.endswith("ms")
                        else f"{row[key]:>12.3f}" for key, _ in COLUMNS)
        out.append(f"{kind:<14}{cells}")
    return "\n".join(out)
