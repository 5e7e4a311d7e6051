"""The hybrid Vietnamese retriever as a LangChain BaseRetriever, for any LangChain app:

    retriever = VietnameseHybridRetriever(engine=Engine.open(Path("knowledge"), Path(".data")))
    docs = retriever.invoke("doanh thu viettel 6 thang dau nam")
    docs[0].metadata  # {'doc': ..., 'title': ..., 'line_start': ..., 'line_end': ..., 'chunk_id': ...}

It is also the first step of this project's own answer chain (retrieval/generation.py), through
`prepare`, which keeps the engine's decision beside the passages."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from retrieval.engine import Engine, Prepared


def to_documents(prepared: Prepared, metas) -> list[Document]:
    """The passages a language model is given, each with where it stands in its file."""
    return [Document(page_content=c.text, id=c.id,
                     metadata={"doc": c.doc, "title": metas[c.doc].title if c.doc in metas else c.doc,
                               "line_start": c.line_start, "line_end": c.line_end, "chunk_id": c.id})
            for c in prepared.context]


class VietnameseHybridRetriever(BaseRetriever):
    """Dense (Chroma) + BM25 over folded and accented syllables, with chat shorthand, typo
    tolerance and diacritics restored for questions typed without them."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    engine: Engine

    def prepare(self, question: str, context: str = "") -> Prepared:
        """Retrieve and decide (answered / related / not_found), the passages included."""
        return self.engine.prepare(question, context)

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun,
                                **kwargs: Any) -> list[Document]:
        prepared = self.prepare(query, kwargs.get("context", ""))
        gen = self.engine.generation
        return to_documents(prepared, gen.metas if gen else {})
