"""The dev set is honest: enough questions of each kind, a fixed split, evidence that is really in
the cited lines, and paraphrases that do not echo the text they are answered by."""

import json
from collections import Counter

import pytest

from retrieval.quotes import file_lines, span_text
from retrieval.text import collapse_ws, nfc, stopwords, strip_emphasis, tokens

from conftest import KNOWLEDGE, ROOT

MINIMUM = {"fact": 30, "number": 30, "chat": 30, "paraphrase": 30, "unaccented": 20, "english": 20,
           "metadata": 15, "multi": 15, "unanswerable": 40}
MAX_PARAPHRASE_OVERLAP = 0.40


@pytest.fixture(scope="module")
def rows():
    path = ROOT / "tests" / "devset.jsonl"
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def overlap(question: str, sentence: str) -> float:
    """Share of the question's content syllables (folded, function words dropped) in the sentence."""
    content = [t for t in dict.fromkeys(tokens(question)) if t not in stopwords()]
    found = set(tokens(sentence))
    return sum(t in found for t in content) / len(content) if content else 0.0


def test_dev_set_has_enough_questions_of_every_kind(rows):
    assert len(rows) >= 250
    counts = Counter(r["kind"] for r in rows)
    for kind, least in MINIMUM.items():
        assert counts[kind] >= least, kind


def test_split_is_fixed_in_the_file_and_about_half_a_quarter_a_quarter(rows):
    splits = Counter(r["split"] for r in rows)
    assert set(splits) == {"train", "validation", "test"}
    assert 0.40 <= splits["train"] / len(rows) <= 0.60
    assert 0.20 <= splits["validation"] / len(rows) <= 0.30
    assert 0.20 <= splits["test"] / len(rows) <= 0.30
    by_kind = Counter((r["kind"], r["split"]) for r in rows)
    for kind in MINIMUM:
        assert by_kind[(kind, "test")] >= 5, f"too few {kind} questions in the test split"


def test_no_question_appears_twice(rows):
    normalised = Counter(collapse_ws(r["question"].lower()) for r in rows)
    assert [q for q, n in normalised.items() if n > 1] == []


def test_evidence_sentences_are_verbatim_in_the_cited_lines(rows):
    for r in rows:
        for ev in r["evidence"]:
            lines = file_lines(KNOWLEDGE / ev["doc"])
            assert all(1 <= n <= len(lines) for n in ev["lines"]), r["id"]
            if "sentence" in ev:
                span = " ".join(span_text(lines, n, n) for n in sorted(ev["lines"]))
                assert collapse_ws(strip_emphasis(nfc(ev["sentence"]))) in collapse_ws(strip_emphasis(span)), r["id"]


def test_paraphrases_share_at_most_40_percent_of_their_words_with_the_evidence(rows):
    paraphrases = [r for r in rows if r["kind"] == "paraphrase" and "sentence" in r["evidence"][0]]
    assert len(paraphrases) >= 30
    too_close = [(r["id"], round(overlap(r["question"], r["evidence"][0]["sentence"]), 2)) for r in paraphrases
                 if overlap(r["question"], r["evidence"][0]["sentence"]) > MAX_PARAPHRASE_OVERLAP]
    assert too_close == []


def test_unanswerable_questions_have_no_evidence_and_answerable_ones_do(rows):
    for r in rows:
        assert (r["kind"] == "unanswerable") == (r["evidence"] == []), r["id"]
