"""The `python -m bot` contract, run as a user would run it."""

import json
import os
import subprocess
import sys

from retrieval.quotes import file_lines, is_verbatim

from conftest import KNOWLEDGE, ROOT


def _bot(*args, env_extra=None, stdin=None, timeout=120):
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True,
                          env=env, timeout=timeout)


def test_ask_json_answers_offline_with_verbatim_quotes(shared_data_dir):
    out = _bot("ask", "--json", "Ai ký thông báo 125?", env_extra={"DATA_DIR": str(shared_data_dir)})
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["status"] == "answered" and data["generator"] == "extractive"
    assert isinstance(data["latency_ms"], float)
    for c in data["citations"]:
        assert set(c) == {"n", "doc", "title", "line_start", "line_end", "quote"}
        assert is_verbatim(c["quote"], file_lines(KNOWLEDGE / c["doc"]), c["line_start"], c["line_end"])


def test_ask_json_batch_reads_questions_from_stdin(shared_data_dir):
    questions = "Có bao nhiêu sim rác đã bị xử lý?\n\nDoanh thu của FPT năm 2017?\n🙂\n"
    out = _bot("ask", "--json", "-", stdin=questions, env_extra={"DATA_DIR": str(shared_data_dir)})
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["status"] for r in rows][1:] == ["not_found", "not_found"]
    assert rows[0]["status"] in ("answered", "related") and any("24 triệu" in c["quote"] for c in rows[0]["citations"])


def test_first_ask_builds_the_index_and_says_so_on_stderr(fresh_data_dir):
    out = _bot("ask", "mang luoi buu chinh co bao nhieu diem phuc vu", env_extra={"DATA_DIR": str(fresh_data_dir)})
    assert out.returncode == 0, out.stderr
    assert "building index generation 1" in out.stderr
    assert "12.783" in out.stdout and "dòng 35" in out.stdout


def test_reload_json_reports_changes(knowledge_copy, fresh_data_dir):
    env = {"DATA_DIR": str(fresh_data_dir), "KNOWLEDGE_DIR": str(knowledge_copy)}
    first = json.loads(_bot("reload", "--json", env_extra=env).stdout)
    assert len(first["added"]) == 5 and first["failed"] == []
    (knowledge_copy / "broken.txt").write_bytes(b"\x00\x01\x02" * 100)
    second = json.loads(_bot("reload", "--json", env_extra=env).stdout)
    assert len(second["unchanged"]) == 5 and second["failed"][0]["doc"] == "broken.txt"


def test_run_without_token_fails_fast_with_a_clear_message():
    out = _bot("run", timeout=60)
    assert out.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in out.stderr and "Traceback" not in out.stderr


def test_question_length_cap_comes_from_settings(shared_data_dir):
    out = _bot("ask", "--json", "Ai ký thông báo số 125 của Văn phòng Chính phủ về việc gì vậy?",
               env_extra={"DATA_DIR": str(shared_data_dir), "MAX_QUESTION_CHARS": "30"})
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["status"] == "not_found" and "30" in data["answer"] and data["citations"] == []


def test_eval_reports_the_test_split_with_the_baseline(fresh_data_dir, tmp_path):
    """The command end to end on one document and its test-split questions (the full split's figures
    are enforced in test_quality.py)."""
    doc = "2021-05-11_tin_thu-tuong-lam-viec-voi-bo-tttt.txt"
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / doc).write_bytes((KNOWLEDGE / doc).read_bytes())
    rows = [json.loads(line) for line in (ROOT / "tests" / "devset.jsonl").read_text("utf-8").splitlines()]
    about = [r for r in rows if r["split"] == "test" and r["evidence"] and {e["doc"] for e in r["evidence"]} == {doc}]
    unanswerable = [r for r in rows if r["split"] == "test" and not r["evidence"]][:3]
    devset = tmp_path / "devset.jsonl"
    devset.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in about + unanswerable), "utf-8")
    out = _bot("eval", "--split", "test", "--devset", str(devset), "--json", str(tmp_path / "eval.json"),
               env_extra={"DATA_DIR": str(fresh_data_dir), "KNOWLEDGE_DIR": str(knowledge)}, timeout=300)
    assert out.returncode == 0, out.stderr
    assert f"split: test ({len(about) + 3} questions)" in out.stdout
    table = json.loads((tmp_path / "eval.json").read_text("utf-8"))
    row = table["all"]
    assert row["n"] == len(about) + 3 and 0.5 < row["hit@5"] <= 1 and 0 < row["baseline_hit@5"] <= 1
    assert row["quote_verbatim"] == 1.0 and "unanswerable" in table


def test_bench_quick_prints_every_section_and_writes_json(tmp_path):
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "tb.txt").write_text(
        "THÔNG BÁO\nVề lịch tiếp công dân\n\nỦy ban tiếp công dân vào sáng thứ Năm hằng tuần, từ 8 giờ đến 11 giờ.\n"
        "Công dân mang theo giấy tờ tùy thân và hồ sơ liên quan.\n", "utf-8")
    out = _bot("bench", "--quick", "--out", str(tmp_path / "bench.json"),
               env_extra={"DATA_DIR": str(tmp_path / "data"), "KNOWLEDGE_DIR": str(knowledge)}, timeout=600)
    assert out.returncode == 0, out.stderr
    for section in ("first `ask` on an empty DATA_DIR", "texts embedded on the full build", "dev set, test split",
                    "full build", "peak RSS MB"):
        assert section in out.stdout
    report = json.loads((tmp_path / "bench.json").read_text("utf-8"))
    assert [p["chunks"] for p in report["scale"]] == [500, 2000, 5000]
    assert all(p["peak_rss_mb"] > 0 and p["query_p50_ms"] > 0 for p in report["scale"])
