"""Held-out ablation of the answer engine's rules and signals.

For each variant the decision is refitted exactly as `python -m bot eval --calibrate` does (weights on
the train split, thresholds on the validation split); the table reports validation, and optionally the
held-out documents' dev half (tests/data/heldout, its own index in --heldout-data) and the test split.

    .venv/bin/python tools/ablation.py [--heldout] [--test]
"""

from __future__ import annotations

import argparse
import re
import sys
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from retrieval import answer_types, calibration, decision, doc_questions, engine, evidence, query, search  # noqa: E402
from retrieval.lexical import terms  # noqa: E402
from retrieval.search import HybridRetriever  # noqa: E402
from retrieval.text import tokens  # noqa: E402
from retrieval.engine import Engine  # noqa: E402
from retrieval.evaluation import load_devset, run_engine, summarise  # noqa: E402
from retrieval.lexical import LexicalIndex  # noqa: E402
from retrieval.signals import FEATURES  # noqa: E402

RULES = {
    "structural not_found (unknown names, numbers)": lambda: [mock.patch.object(query, "named_things", lambda t, f: []),
                                                              mock.patch.object(query, "_doc_numbers", lambda t: [])],
    "typo tolerance": lambda: [mock.patch.object(LexicalIndex, "correct", lambda self, w: None)],
    "shorthand table": lambda: [mock.patch.object(query, "expand_shorthand", lambda t: (t, []))],
    "aliases": lambda: [mock.patch.object(query, "aliases", lambda t: [])],
    "English glossary": lambda: [mock.patch.object(query, "translations", lambda t: [])],
    "synonyms (everyday -> official words)": lambda: [mock.patch.object(query, "synonyms", lambda t, folded=False: [])],
    "diacritics restored for the embedding": lambda: [mock.patch.object(HybridRetriever, "dense_text",
                                                                          lambda self, q: q.dense_text)],
    "accented words matched accented": lambda: [mock.patch.object(query, "query_terms", terms),
                                                 mock.patch.object(query, "keyed_tokens", tokens)],
    "dense scores above the noise floor": lambda: [mock.patch.object(HybridRetriever, "noise_floor",
                                                                       new_callable=mock.PropertyMock, return_value=0.0)],
    "not_found when nothing relevant": lambda: [mock.patch.object(decision, "nothing_relevant", lambda q, s: False)],
    "a document only cited is asked of the text": lambda: [mock.patch.object(doc_questions, "cites_another_document",
                                                                                lambda q, f: False)],
    "intent exclusions (dates it sets, form numbers, documents in the plural)": lambda: [
        mock.patch.dict(query._NOT_INTENT, clear=True)],
    "multi-part questions searched by part": lambda: [mock.patch.object(engine, "question_parts", lambda t: [])],
    "table rows read with their header": lambda: [mock.patch.object(evidence, "is_row", lambda t: False)],
    "chat politeness left out of the embedded text": lambda: [mock.patch.object(query, "without_fillers", lambda t: t)],
    "duration bands (years in month bands)": lambda: [mock.patch.object(evidence, "fits", lambda q, t: 0)],
    "'ai ... thì' is whoever (asked type after 'thì')": lambda: [mock.patch.object(answer_types, "_THEN",
                                                                                   re.compile(r"(?!x)x"))],
    "parts about a document answered from its header": lambda: [mock.patch.object(Engine, "_metadata_parts",
                                                                                lambda self, p, g, h: None)],
    "a document's kind named: only that kind": lambda: [mock.patch.object(doc_questions, "_NAMED_KIND",
                                                                         re.compile(r"(?!x)x"))],
    "a lead ending ':' goes on in the next chunk": lambda: [mock.patch.object(search, "_GOES_ON",
                                                                              re.compile(r"[;,]\s*$"))],
}
HELDOUT = ROOT / "tests" / "data" / "heldout"
COLUMNS = ["shown", "answered", "not_found", "wrong_place", "unans_answered", "unans_not_found"]


def measure(engine: Engine, devset: Path, features: list[str], knowledge: Path, splits: list[str],
            heldout: Engine | None = None) -> dict:
    train, validation = load_devset(devset, "train"), load_devset(devset, "validation")
    model = calibration.choose_thresholds(calibration.fit(calibration.collect(engine, train), features),
                                          calibration.collect(engine, validation))
    engine.decision = model
    out = {s: summarise(run_engine(engine, load_devset(devset, s)), knowledge)["all"] for s in splits}
    if heldout is not None:
        heldout.decision = model
        out["heldout"] = summarise(run_engine(heldout, load_devset(HELDOUT / "questions.jsonl", "dev")),
                                   HELDOUT / "knowledge")["all"]
    return out


def row(name: str, result: dict, splits: list[str]) -> str:
    return f"{name:<48}" + " | ".join(" ".join(f"{result[s][c]:>6.3f}" for c in COLUMNS) for s in result)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default=str(ROOT / ".data"))
    parser.add_argument("--heldout", action="store_true", help="also report the held-out documents' dev half")
    parser.add_argument("--heldout-data", default=str(ROOT / ".data-heldout"))
    parser.add_argument("--test", action="store_true", help="also report the test split")
    parser.add_argument("--only", metavar="WORDS", help="only the rules whose name contains these words (no signals)")
    args = parser.parse_args()
    knowledge, devset = ROOT / "knowledge", ROOT / "tests" / "devset.jsonl"
    splits = ["validation", "test"] if args.test else ["validation"]
    engine = Engine.open(knowledge, Path(args.data))
    heldout = Engine.open(HELDOUT / "knowledge", Path(args.heldout_data)) if args.heldout else None
    names = splits + (["heldout"] if heldout else [])
    print(f"{'variant':<48}" + " | ".join(" ".join(f"{c[:6]:>6}" for c in COLUMNS) + f"  ({s})" for s in names))
    print(row("full", measure(engine, devset, FEATURES, knowledge, splits, heldout), splits), flush=True)
    for name, patches in RULES.items():
        if args.only and args.only not in name:
            continue
        with ExitStack() as stack:
            for p in patches():
                stack.enter_context(p)
            print(row(f"- {name}", measure(engine, devset, FEATURES, knowledge, splits, heldout), splits), flush=True)
    for feature in [] if args.only else FEATURES:
        rest = [f for f in FEATURES if f != feature]
        print(row(f"- signal {feature}", measure(engine, devset, rest, knowledge, splits, heldout), splits), flush=True)


if __name__ == "__main__":
    main()
