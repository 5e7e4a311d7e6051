"""Dev-set evaluation of the answer engine and of a plain LangChain baseline, side by side."""

from __future__ import annotations

import json
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from retrieval.engine import Engine
from retrieval.models import Answer
from retrieval.quotes import file_lines, is_verbatim

ALL = "all"


@dataclass
class Item:
    id: str
    kind: str
    question: str
    evidence: list[dict]

    @property
    def answerable(self) -> bool:
        return bool(self.evidence)

    def matches(self, doc: str, start: int, end: int) -> bool:
        return any(ev["doc"] == doc and any(start <= ln <= end for ln in ev["lines"]) for ev in self.evidence)


def load_devset(path: Path) -> list[Item]:
    return [Item(**json.loads(line)) for line in path.read_text("utf-8").splitlines() if line.strip()]


@dataclass
class Outcome:
    item: Item
    status: str
    ranked: list[tuple[str, int, int]]   # (doc, line_start, line_end), best first
    citations: list[tuple[str, int, int, str]]
    latency_ms: float


def _hit(o: Outcome, k: int) -> bool:
    return any(o.item.matches(*span) for span in o.ranked[:k])


def _ratio(num: int, den: int) -> float:
    return num / den if den else float("nan")


def summarise(outcomes: list[Outcome], knowledge_dir: Path) -> dict[str, dict[str, float]]:
    cache: dict[str, list[str]] = {}

    def verbatim(doc: str, s: int, e: int, q: str) -> bool:
        if doc not in cache:
            cache[doc] = file_lines(knowledge_dir / doc)
        return is_verbatim(q, cache[doc], s, e)

    groups: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        groups[o.item.kind].append(o)
        groups[ALL].append(o)
    table = {}
    for kind, group in groups.items():
        ans = [o for o in group if o.item.answerable]
        unans = [o for o in group if not o.item.answerable]
        answered_ans = [o for o in ans if o.status == "answered"]
        refused = [o for o in group if o.status != "answered"]
        quotes = [c for o in group for c in o.citations]
        lat = sorted(o.latency_ms for o in group)
        table[kind] = {
            "n": len(group),
            "hit@1": _ratio(sum(_hit(o, 1) for o in ans), len(ans)),
            "hit@5": _ratio(sum(_hit(o, 5) for o in ans), len(ans)),
            "citation_acc": _ratio(sum(any(o.item.matches(d, s, e) for d, s, e, _ in o.citations)
                                       for o in answered_ans), len(answered_ans)),
            "quote_verbatim": _ratio(sum(verbatim(*c) for c in quotes), len(quotes)),
            "abstain_precision": _ratio(sum(not o.item.answerable for o in refused), len(refused)),
            "abstain_recall": _ratio(sum(o.status != "answered" for o in unans), len(unans)),
            "false_refusal": _ratio(sum(o.status != "answered" for o in ans), len(ans)),
            "p50_ms": statistics.median(lat) if lat else float("nan"),
            "p95_ms": lat[min(len(lat) - 1, int(round(0.95 * (len(lat) - 1))))] if lat else float("nan"),
        }
    return table


def _outcome(item: Item, answer: Answer, spans: dict[str, tuple[str, int, int]]) -> Outcome:
    cited = [(c.doc, c.line_start, c.line_end) for c in answer.citations]
    ranked = [spans[i] for i in answer.retrieved if i in spans]
    if answer.status == "answered" and answer.citations and not any(
            (c.doc, c.line_start, c.line_end) in ranked for c in answer.citations):
        # Metadata answers come from extracted fields (header lines are not chunks): the cited
        # field is what was found, so it leads the ranking.
        ranked = cited + ranked
    return Outcome(item, answer.status, ranked,
                   [(c.doc, c.line_start, c.line_end, c.quote) for c in answer.citations], answer.latency_ms)


def run_engine(engine: Engine, items: list[Item]) -> list[Outcome]:
    gen = engine.generation
    spans = {c.id: (c.doc, c.line_start, c.line_end) for c in gen.chunks} if gen else {}
    engine.answer("khởi động")  # warm-up, not measured
    return [_outcome(item, engine.answer(item.question), spans) for item in items]


def run_baseline(baseline, items: list[Item]) -> list[Outcome]:
    outcomes = []
    for item in items:
        started = time.perf_counter()
        found = baseline.search(item.question)
        latency = (time.perf_counter() - started) * 1000
        citations = [(d, s, e, q) for d, s, e, q in found[:1]]
        outcomes.append(Outcome(item, "answered", [(d, s, e) for d, s, e, _ in found], citations, latency))
    return outcomes


METRICS = ["n", "hit@1", "hit@5", "citation_acc", "quote_verbatim", "abstain_precision", "abstain_recall",
           "false_refusal", "p50_ms", "p95_ms"]


def format_table(ours: dict, base: dict | None) -> str:
    kinds = [ALL] + sorted(k for k in ours if k != ALL)
    header = f"{'kind':<14}{'system':<10}" + "".join(f"{m:>18}" for m in METRICS)
    lines = [header, "-" * len(header)]
    for kind in kinds:
        for name, table in (("hybrid", ours), ("baseline", base)):
            if table is None or kind not in table:
                continue
            row = table[kind]
            cells = "".join(f"{row[m]:>18.0f}" if m == "n" else f"{row[m]:>18.3f}" if "ms" not in m
                            else f"{row[m]:>18.1f}" for m in METRICS)
            lines.append(f"{kind:<14}{name:<10}{cells}")
    return "\n".join(lines)


def calibrate(engine: Engine, items: list[Item], out: Path) -> str:
    """Fit the abstention floors on the dev set; report leave-one-out quality honestly."""
    from retrieval import abstention
    from retrieval.query import InvalidQuestion, parse_question

    rows: dict[str, list[tuple[float, bool]]] = {"vi": [], "en": []}
    for item in items:
        try:
            query = parse_question(item.question)
        except InvalidQuestion:
            continue
        hits, qvec = engine._search(query)
        _, sup = engine.support(query, hits, qvec)
        if sup is None or abstention.hard_reason(sup) or query.intent:
            continue  # decided by rules or by the metadata path, not by the floor
        group = "en" if query.form == "en" else "vi"
        rows[group].append((abstention.score(sup, query.form), item.answerable))
    total = sum(1 for i in items if i.answerable)
    model, report = {}, []
    for group, key in (("vi", "min_coverage"), ("en", "min_similarity_en")):
        data = rows[group]
        floor = abstention.fit_floor([v for v, a in data if a], [v for v, a in data if not a], total)
        model[key] = floor
        loo_refused = loo_caught = 0
        for i, (value, answerable) in enumerate(data):
            rest = data[:i] + data[i + 1:]
            f = abstention.fit_floor([v for v, a in rest if a], [v for v, a in rest if not a], total)
            loo_refused += answerable and value < f
            loo_caught += (not answerable) and value < f
        n_ans = sum(a for _, a in data)
        report.append(f"{group}: floor {floor} on {len(data)} model-decided questions ({n_ans} answerable); "
                      f"leave-one-out: {loo_refused} answerable refused, "
                      f"{loo_caught}/{len(data) - n_ans} unanswerable caught")
    abstention.save(model, out)
    return "\n".join(report)
