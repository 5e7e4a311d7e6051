"""The plain LangChain RAG baseline: RecursiveCharacterTextSplitter(1000, 200) + Chroma + the same
embeddings, top-5 by similarity, no cleaning, no lexical search, no abstention."""

from __future__ import annotations

import hashlib
from pathlib import Path

from langchain_core.documents import Document
from langchain_text_splitters import RecursiveCharacterTextSplitter

from retrieval.loading import LoadError, decode, list_documents
from retrieval.text import collapse_ws


class LangChainBaseline:
    def __init__(self, knowledge_dir: Path, client, embeddings, k: int = 5):
        from langchain_chroma import Chroma

        self.k = k
        docs = []
        for path in list_documents(knowledge_dir):
            try:
                docs.append(Document(decode(path.read_bytes()), metadata={"doc": path.name}))
            except LoadError:
                continue
        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200, add_start_index=True)
        chunks = splitter.split_documents(docs)
        texts = {d.metadata["doc"]: d.page_content for d in docs}
        for c in chunks:
            full = texts[c.metadata["doc"]]
            start = c.metadata["start_index"]
            c.metadata["line_start"] = full.count("\n", 0, start) + 1
            c.metadata["line_end"] = full.count("\n", 0, start + len(c.page_content.rstrip())) + 1
        key = hashlib.sha1("".join(sorted(d.metadata["doc"] + d.page_content for d in chunks)).encode())
        name = f"baseline_{key.hexdigest()[:12]}"
        self.store = Chroma(client=client, collection_name=name, embedding_function=embeddings,
                            collection_metadata={"hnsw:space": "cosine"})
        if self.store._collection.count() != len(chunks):
            ids = [f"{c.metadata['doc']}:{c.metadata['start_index']}" for c in chunks]
            self.store.add_documents(chunks, ids=ids)
        self.size = len(chunks)

    def search(self, question: str) -> list[tuple[str, int, int, str]]:
        docs = self.store.similarity_search(question, k=self.k)
        return [(d.metadata["doc"], d.metadata["line_start"], d.metadata["line_end"], collapse_ws(d.page_content))
                for d in docs]
