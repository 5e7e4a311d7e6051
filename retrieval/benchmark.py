"""`python -m bot bench`: one run, one machine, one table.

* first answer: the first `python -m bot ask` on an empty DATA_DIR (a subprocess, as a newcomer runs
  it) against embedding the documents' text once in ~400-character pieces, in the same run; and the
  texts embedded per chunk on that full build;
* quality and latency of the answer engine on the dev set's test split, with the LangChain baseline's
  retrieval beside it;
* full build vs incremental reload;
* index build time, query latency and peak memory at 1k / 10k / 100k chunks: a synthetic corpus of
  the knowledge documents' sentences, generated at run time, whose vectors are real e5 vectors of
  real chunks reused (with a little noise) — so the curve measures the index and the search, not the CPU.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

FIRST_QUESTION = "Ai ký thông báo 125?"
PIECE_CHARS = 400


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")


def first_answer(knowledge: Path) -> dict:
    """The first `ask` on an empty DATA_DIR vs embedding the documents once in ~400-char pieces."""
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        env = {**os.environ, "DATA_DIR": str(data), "KNOWLEDGE_DIR": str(knowledge), "GENERATOR": "extractive"}
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "bot", "ask", "--json", FIRST_QUESTION], env=env,
                              capture_output=True, text=True, timeout=1800)
        first_ask = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(done.stderr[-2000:])
        manifest = json.loads(next((data / "index").glob("gen-*/manifest.json")).read_text("utf-8"))
        chunks = sum(len(d["chunks"]) for d in manifest["docs"].values())
        with sqlite3.connect(data / "embeddings.sqlite") as db:
            embedded = db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]
    pieces = document_pieces(knowledge)
    embed_once = embedding_time(pieces)
    return {"first_ask_s": first_ask, "embed_once_s": embed_once, "ratio": first_ask / embed_once,
            "pieces": len(pieces), "chunks": chunks, "texts_embedded": embedded,
            "texts_per_chunk": embedded / max(chunks, 1)}


def document_pieces(knowledge: Path) -> list[str]:
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from retrieval.loading import LoadError, list_documents, load

    splitter = RecursiveCharacterTextSplitter(chunk_size=PIECE_CHARS, chunk_overlap=0)
    pieces = []
    for path in list_documents(knowledge):
        try:
            pieces += splitter.split_text("\n".join(load(path).lines))
        except LoadError:
            continue
    return pieces


def embedding_time(texts: list[str]) -> float:
    """Seconds to embed texts with the bundled model, nothing cached (model load excluded)."""
    from retrieval.embeddings import E5Embeddings

    emb = E5Embeddings(cache=None)
    emb.embed_matrix(["khởi động"])
    started = time.perf_counter()
    emb.embed_matrix(texts)
    return time.perf_counter() - started


def quality(knowledge: Path, data: Path, devset: Path) -> dict:
    from retrieval.baseline import LangChainBaseline
    from retrieval.engine import Engine
    from retrieval.evaluation import ALL, load_devset, run_baseline, run_engine, summarise

    engine = Engine.open(knowledge, data)
    items = load_devset(devset, "test")
    baseline = LangChainBaseline(knowledge, engine.store.client, engine.embeddings)
    table = summarise(run_engine(engine, items), knowledge, run_baseline(baseline, items))[ALL]
    return {"questions": len(items), **table}


def reload_costs(knowledge: Path) -> dict:
    from retrieval.engine import Engine

    with tempfile.TemporaryDirectory() as tmp:
        data, corpus = Path(tmp) / "data", Path(tmp) / "knowledge"
        shutil.copytree(knowledge, corpus)
        started = time.perf_counter()
        engine = Engine.open(corpus, data)
        full = time.perf_counter() - started
        chunks = len(engine.generation.chunks)
        unchanged = engine.reload()
        first = sorted(corpus.iterdir())[0]
        first.write_text(first.read_text("utf-8") + "\n\nMột đoạn mới được bổ sung để đo cập nhật.\n", "utf-8")
        one_changed = engine.reload()
        engine.close()
    return {"full_build_s": full, "chunks": chunks, "full_per_chunk_ms": 1000 * full / max(chunks, 1),
            "unchanged_reload_s": unchanged.duration_s, "unchanged_share": unchanged.duration_s / full,
            "one_doc_changed_s": one_changed.duration_s, "one_doc_embedded": one_changed.embedded}


def scale_point(n: int, knowledge: Path, cache: Path) -> dict:
    """Runs in its own process (see main) so peak memory is per point."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from retrieval.engine import Engine
    from retrieval.models import Chunk
    from retrieval.query import parse_question
    from retrieval.search import HybridRetriever

    engine = Engine.open(knowledge, cache)
    real = engine.generation.chunks
    sentences = [s.text for c in real for s in c.sentences]
    vectors = engine.embeddings.embed_matrix([c.text for c in real])  # cached: no embedding here
    rng = np.random.default_rng(n)
    chunks, matrix = [], np.empty((n, vectors.shape[1]), dtype=np.float32)
    for i in range(n):
        picks = rng.choice(len(sentences), size=3)
        text = " ".join(sentences[j] for j in picks)
        chunks.append(Chunk(f"s{i}", "synthetic.txt", text, i + 1, i + 1, ()))
        base = vectors[rng.integers(len(vectors))]
        v = base + rng.normal(0, 0.02, size=base.shape).astype(np.float32)
        matrix[i] = v / np.linalg.norm(v)
    with tempfile.TemporaryDirectory() as tmp:
        client = chromadb.PersistentClient(path=tmp, settings=ChromaSettings(anonymized_telemetry=False))
        col = client.create_collection("scale", metadata={"hnsw:space": "cosine"})
        started = time.perf_counter()
        for start in range(0, n, 5000):
            col.add(ids=[c.id for c in chunks[start:start + 5000]], embeddings=matrix[start:start + 5000],
                    documents=[c.text for c in chunks[start:start + 5000]])
        dense_build = time.perf_counter() - started
        del matrix  # Chroma holds the vectors now; a serving process keeps none of its own
        peak_after_dense = _peak_mb()
        started = time.perf_counter()
        retriever = HybridRetriever(chunks, {}, col, engine.embeddings)
        lexical_build = time.perf_counter() - started
        questions = ["Mạng lưới bưu chính công cộng có bao nhiêu điểm phục vụ?", "doanh thu viettel 6 thang dau nam",
                     "What was the IT industry revenue in 2017?", "Ai ký thông báo 125?",
                     "Thủ tướng yêu cầu gì về công tác truyền thông?"]
        parsed = [parse_question(q) for q in questions]
        vectors = [engine.embeddings.query_vector(retriever.dense_text(q)) for q in parsed]
        latencies = []  # the search itself (lexical + dense + fusion): what grows with the index
        for i in range(60):
            started = time.perf_counter()
            retriever.search(parsed[i % len(parsed)], vectors[i % len(parsed)])
            if i >= 5:
                latencies.append((time.perf_counter() - started) * 1000)
        full = []  # what a user waits for: a question never seen (no cached vector) embedded, then searched
        for i in range(30):
            started = time.perf_counter()
            query = parse_question(f"{questions[i % len(questions)]} ({i})")
            retriever.search(query, engine.embeddings.query_vector(retriever.dense_text(query)))
            full.append((time.perf_counter() - started) * 1000)
    return {"chunks": n, "dense_build_s": dense_build, "lexical_build_s": lexical_build,
            "query_p50_ms": _pct(latencies, 0.5), "query_p95_ms": _pct(latencies, 0.95),
            "full_query_p50_ms": _pct(full, 0.5),
            "peak_rss_mb": _peak_mb(), "peak_rss_after_dense_mb": peak_after_dense}


def _scale_in_subprocess(n: int, knowledge: Path, cache: Path) -> dict:
    code = ("import json,sys; from pathlib import Path; from retrieval.benchmark import scale_point;"
            f"print(json.dumps(scale_point({n}, Path({str(knowledge)!r}), Path({str(cache)!r}))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=900)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def machine() -> dict:
    return {"cpu_count": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "processor": platform.processor() or platform.machine()}


def format_report(r: dict) -> str:
    f, q, rc = r["first_answer"], r["quality"], r["reload"]
    lines = [f"Machine: {r['machine']['cpu_count']} cores, {r['machine']['platform']}, Python {r['machine']['python']}",
             "", f"first `ask` on an empty DATA_DIR: {f['first_ask_s']:.1f} s; embedding the documents once in "
                 f"~{PIECE_CHARS}-char pieces ({f['pieces']} pieces): {f['embed_once_s']:.1f} s; ratio {f['ratio']:.2f}",
             f"texts embedded on the full build: {f['texts_embedded']} for {f['chunks']} chunks "
             f"({f['texts_per_chunk']:.2f} per chunk)",
             "", f"dev set, test split ({q['questions']} questions): shown {q['shown']:.3f}, answered {q['answered']:.3f}, "
                 f"not found {q['not_found']:.3f}; unanswerable answered {q['unans_answered']:.3f}; "
                 f"hit@5 {q['hit@5']:.3f} (LangChain baseline {q['baseline_hit@5']:.3f}); "
                 f"answer p50 {q['p50_ms']:.0f} ms, p95 {q['p95_ms']:.0f} ms",
             "", f"full build: {rc['full_build_s']:.1f} s for {rc['chunks']} chunks ({rc['full_per_chunk_ms']:.0f} ms/chunk); "
                 f"unchanged reload: {rc['unchanged_reload_s'] * 1000:.0f} ms ({100 * rc['unchanged_share']:.2f}% of full); "
                 f"one document changed: {rc['one_doc_changed_s']:.2f} s ({rc['one_doc_embedded']} texts embedded)",
             "", "scale (synthetic chunks from the documents' sentences; real e5 vectors reused with noise):",
             f"{'chunks':>8}{'dense build s':>15}{'lexical build s':>17}{'query p50 ms':>14}{'query p95 ms':>14}"
             f"{'with embedding p50 ms':>23}{'peak RSS MB':>13}{'(after dense)':>15}"]
    for p in r["scale"]:
        lines.append(f"{p['chunks']:>8}{p['dense_build_s']:>15.1f}{p['lexical_build_s']:>17.1f}{p['query_p50_ms']:>14.1f}"
                     f"{p['query_p95_ms']:>14.1f}{p.get('full_query_p50_ms', 0):>23.1f}{p['peak_rss_mb']:>13.0f}"
                     f"{p.get('peak_rss_after_dense_mb', 0):>15.0f}")
    first, last = r["scale"][0], r["scale"][-1]
    lines.append(f"query p50 at {last['chunks']} vs {first['chunks']} chunks: search alone "
                 f"{last['query_p50_ms'] / first['query_p50_ms']:.2f}x, with the query embedding "
                 f"{last.get('full_query_p50_ms', 0) / max(first.get('full_query_p50_ms', 0), 1e-9):.2f}x")
    return "\n".join(lines)


def run(knowledge: Path, data: Path, devset: Path, out: Path, sizes=(1000, 10_000, 100_000)) -> dict:
    started = time.perf_counter()
    report = {"machine": machine(), "first_answer": first_answer(knowledge),
              "quality": quality(knowledge, data, devset), "reload": reload_costs(knowledge)}
    report["scale"] = [_scale_in_subprocess(n, knowledge, data) for n in sizes]
    report["total_s"] = time.perf_counter() - started
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, default=float), "utf-8")
    return report
