"""`python -m bot bench`: one run, one machine, one table.

* quality and latency of the hybrid pipeline vs the plain LangChain baseline on the dev set;
* embedding throughput on its own (the dominant CPU cost);
* index build time, query latency and peak memory at 1k / 10k / 100k chunks: a synthetic corpus of
  the knowledge documents' sentences, generated at run time, whose vectors are real e5 vectors of
  real chunks reused (with a little noise) — so the curve measures the index and the search, not the CPU;
* full build vs incremental reload.
"""

from __future__ import annotations

import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")


def quality(knowledge: Path, data: Path, devset: Path) -> dict:
    from retrieval.baseline import LangChainBaseline
    from retrieval.engine import Engine
    from retrieval.evaluation import ALL, load_devset, run_baseline, run_engine, summarise

    engine = Engine.open(knowledge, data)
    items = load_devset(devset)
    ours = summarise(run_engine(engine, items), knowledge)[ALL]
    retrieval_ms = []
    for item in items:
        started = time.perf_counter()
        from retrieval.query import InvalidQuestion, parse_question
        try:
            engine._search(parse_question(item.question))
        except InvalidQuestion:
            continue
        retrieval_ms.append((time.perf_counter() - started) * 1000)
    baseline = LangChainBaseline(knowledge, engine.store.client, engine.embeddings)
    base = summarise(run_baseline(baseline, items), knowledge)[ALL]
    return {"hybrid": {**ours, "retrieval_p50_ms": _pct(retrieval_ms, 0.5), "retrieval_p95_ms": _pct(retrieval_ms, 0.95)},
            "baseline": {**base, "retrieval_p50_ms": base["p50_ms"], "retrieval_p95_ms": base["p95_ms"]}}


def embedding_throughput(texts: list[str]) -> dict:
    from retrieval.embeddings import E5Embeddings

    emb = E5Embeddings(cache=None)
    sample = texts[:64]
    started = time.perf_counter()
    emb.embed_matrix(sample)
    elapsed = time.perf_counter() - started
    return {"texts": len(sample), "seconds": elapsed, "ms_per_text": 1000 * elapsed / len(sample),
            "avg_chars": statistics.mean(len(t) for t in sample)}


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
        started = time.perf_counter()
        from langchain_chroma import Chroma

        store = Chroma(client=client, collection_name="scale", embedding_function=engine.embeddings)
        retriever = HybridRetriever(chunks, {}, store, engine.embeddings)
        lexical_build = time.perf_counter() - started
        questions = ["Mạng lưới bưu chính công cộng có bao nhiêu điểm phục vụ?", "doanh thu viettel 6 thang dau nam",
                     "What was the IT industry revenue in 2017?", "Ai ký thông báo 125?",
                     "Thủ tướng yêu cầu gì về công tác truyền thông?"]
        latencies = []
        for i in range(60):
            q = parse_question(questions[i % len(questions)])
            started = time.perf_counter()
            retriever.search(q, engine.embeddings.query_vector(q.dense_text))
            if i >= 5:
                latencies.append((time.perf_counter() - started) * 1000)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"chunks": n, "dense_build_s": dense_build, "lexical_build_s": lexical_build,
            "query_p50_ms": _pct(latencies, 0.5), "query_p95_ms": _pct(latencies, 0.95), "peak_rss_mb": peak_mb}


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
    q = r["quality"]
    lines = [f"Machine: {r['machine']['cpu_count']} cores, {r['machine']['platform']}, Python {r['machine']['python']}",
             "", f"{'dev set':<28}{'hybrid (ours)':>16}{'LangChain baseline':>22}"]
    for key, label in (("hit@1", "hit@1"), ("hit@5", "hit@5"), ("citation_acc", "citation accuracy"),
                       ("abstain_recall", "abstention recall"), ("false_refusal", "false refusals"),
                       ("retrieval_p50_ms", "retrieval p50 ms"), ("retrieval_p95_ms", "retrieval p95 ms"),
                       ("p50_ms", "answer p50 ms"), ("p95_ms", "answer p95 ms")):
        lines.append(f"{label:<28}{q['hybrid'][key]:>16.3f}{q['baseline'][key]:>22.3f}")
    e = r["embedding"]
    lines += ["", f"embedding throughput (e5-small, no cache): {e['ms_per_text']:.1f} ms per text "
                  f"({e['avg_chars']:.0f} chars avg, {e['texts']} texts)"]
    rc = r["reload"]
    lines += [f"full build: {rc['full_build_s']:.1f} s for {rc['chunks']} chunks ({rc['full_per_chunk_ms']:.0f} ms/chunk, "
              f"sentences included); unchanged reload: {rc['unchanged_reload_s'] * 1000:.0f} ms "
              f"({100 * rc['unchanged_share']:.2f}% of full); one document changed: {rc['one_doc_changed_s']:.2f} s "
              f"({rc['one_doc_embedded']} texts embedded)", "",
              "scale (synthetic chunks from the documents' sentences; real e5 vectors reused with noise):",
              f"{'chunks':>8}{'dense build s':>15}{'lexical build s':>17}{'query p50 ms':>14}{'query p95 ms':>14}"
              f"{'peak RSS MB':>13}"]
    for p in r["scale"]:
        lines.append(f"{p['chunks']:>8}{p['dense_build_s']:>15.1f}{p['lexical_build_s']:>17.1f}{p['query_p50_ms']:>14.1f}"
                     f"{p['query_p95_ms']:>14.1f}{p['peak_rss_mb']:>13.0f}")
    first, last = r["scale"][0], r["scale"][-1]
    lines.append(f"query p50 at {last['chunks']} vs {first['chunks']} chunks: "
                 f"{last['query_p50_ms'] / first['query_p50_ms']:.2f}x")
    return "\n".join(lines)


def run(knowledge: Path, data: Path, devset: Path, out: Path, sizes=(1000, 10_000, 100_000)) -> dict:
    started = time.perf_counter()
    report = {"machine": machine(), "quality": quality(knowledge, data, devset)}
    from retrieval.engine import Engine

    engine = Engine.open(knowledge, data)
    texts = [c.text for c in engine.generation.chunks]
    random.Random(1).shuffle(texts)
    report["embedding"] = embedding_throughput(texts)
    report["reload"] = reload_costs(knowledge)
    report["scale"] = [_scale_in_subprocess(n, knowledge, data) for n in sizes]
    report["total_s"] = time.perf_counter() - started
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, default=float), "utf-8")
    return report
