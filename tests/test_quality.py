"""Quality floors on the dev set's test split, which nothing was fitted or chosen on (weights: train,
thresholds: validation). Timings are printed by `eval`, never asserted here.

The floors are regression floors at the level measured when they were set (see README, Quality);
where they are below the targets of issue 11 the README says so."""

import math

import pytest

from retrieval.evaluation import ALL, load_devset, run_engine, summarise

from conftest import KNOWLEDGE, ROOT

FLOORS = {             # test split, extractive answers
    "shown": 0.85,     # answerable: the evidence is cited (answered) or among the passages (related)
    "not_found": 0.03,  # answerable refused outright (at most)
    "unans_answered": 0.10,  # unanswerable given a confident answer (at most; issue 11's target)
    "kind_shown": 0.65,  # the weakest kinds (metadata: 7 questions, one is 0.14; paraphrase, chat)
}


@pytest.fixture(scope="module")
def table(engine):
    items = load_devset(ROOT / "tests" / "devset.jsonl", "test")
    assert len(items) >= 150 and sum(not i.answerable for i in items) >= 40
    return summarise(run_engine(engine, items), KNOWLEDGE)


def test_answerable_questions_show_their_evidence(table):
    assert table[ALL]["shown"] >= FLOORS["shown"]
    for kind, row in table.items():
        if not math.isnan(row["shown"]):
            assert row["shown"] >= FLOORS["kind_shown"], kind


def test_answerable_questions_are_rarely_refused(table):
    assert table[ALL]["not_found"] <= FLOORS["not_found"]


def test_unanswerable_questions_rarely_get_a_confident_answer(table):
    assert table[ALL]["unans_answered"] <= FLOORS["unans_answered"]


def test_every_quote_is_verbatim(table):
    assert table[ALL]["quote_verbatim"] == 1.0
