"""Ranking pieces of the hybrid retriever that big indexes depend on."""

from __future__ import annotations

import numpy as np

from retrieval.search import _top


def test_partial_sort_ranks_exactly_like_a_full_stable_sort_and_drops_zero_scores():
    rng = np.random.default_rng(7)
    for n in (1, 5, 8, 9, 40, 2000):
        for _ in range(100):
            scores = rng.integers(0, 4, n).astype(np.float32)  # many ties, many zeros
            expected = [i for i in np.argsort(-scores, kind="stable")[:8] if scores[i] > 0]
            assert _top(scores, 8).tolist() == expected


def test_the_langchain_retriever_returns_passages_with_the_lines_they_stand_on(engine):
    from langchain_core.retrievers import BaseRetriever

    from retrieval.langchain_retriever import VietnameseHybridRetriever
    from retrieval.quotes import file_lines, is_verbatim

    from conftest import KNOWLEDGE

    retriever = VietnameseHybridRetriever(engine=engine)
    assert isinstance(retriever, BaseRetriever)
    docs = retriever.invoke("mang luoi buu chinh co bao nhieu diem phuc vu")
    assert docs and len({d.id for d in docs}) == len(docs)
    for d in docs:
        meta = d.metadata
        assert meta["title"] and meta["line_start"] <= meta["line_end"]
        lines = file_lines(KNOWLEDGE / meta["doc"])
        words = d.page_content.split()
        # the passage (neighbouring chunks joined) begins and ends inside the lines it names
        assert is_verbatim(" ".join(words[:8]), lines, meta["line_start"], meta["line_end"])
        assert is_verbatim(" ".join(words[-8:]), lines, meta["line_start"], meta["line_end"])
