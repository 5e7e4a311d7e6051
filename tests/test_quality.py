"""Quality floors on the dev set (tests/devset.jsonl). Timings are printed by `eval`, never asserted."""

import math

import pytest

from retrieval.evaluation import ALL, load_devset, run_engine, summarise

from conftest import KNOWLEDGE, ROOT


@pytest.fixture(scope="module")
def scores(engine):
    items = load_devset(ROOT / "tests" / "devset.jsonl")
    assert len(items) >= 60 and sum(not i.answerable for i in items) >= 10
    return summarise(run_engine(engine, items), KNOWLEDGE)


def test_hit_at_5_overall_and_per_kind(scores):
    assert scores[ALL]["hit@5"] >= 0.95
    for kind, row in scores.items():
        if not math.isnan(row["hit@5"]):
            assert row["hit@5"] >= 0.90, kind


def test_abstention_catches_unanswerable_without_refusing_answerable(scores):
    assert scores[ALL]["abstain_recall"] >= 0.90
    assert scores[ALL]["false_refusal"] <= 0.05


def test_every_quote_is_verbatim(scores):
    assert scores[ALL]["quote_verbatim"] == 1.0


def test_citations_point_at_the_evidence(scores):
    assert scores[ALL]["citation_acc"] >= 0.90
