import json, pathlib, collections
HERE = pathlib.Path(__file__).parent
K = HERE / "knowledge"
docs = {p.name: p.read_text(encoding="utf-8").split("\n") for p in K.glob("*.txt")}
assert len(docs) == 8
rows = [json.loads(l) for l in (HERE / "questions.jsonl").read_text(encoding="utf-8").splitlines()]
need = {"fact":18,"number":18,"chat":20,"unaccented":14,"english":13,"paraphrase":20,"metadata":10,"multi":8,"unanswerable":39}
c = collections.Counter(r["kind"] for r in rows); print(dict(c)); assert c == need and len(rows) == 160
ids = [r["id"] for r in rows]; assert len(set(ids)) == 160
for r in rows:
    assert set(r) == {"id","kind","question","evidence","split","note"}
    assert r["split"] in ("dev", "test")
    assert (r["kind"] == "unanswerable") == (r["evidence"] == [])
    print(f"\n{r['id']} [{r['kind']}] {r['question']}\n   NOTE: {r['note']}")
    for e in r["evidence"]:
        lines = docs[e["doc"]]
        for n in e["lines"]:
            assert 1 <= n <= len(lines), (r["id"], e["doc"], n)
            print(f"   {e['doc'][:22]}:{n}: {lines[n-1].strip()[:230]}")
