"""The `python -m bot` contract, run as a user would run it."""

import json
import os
import subprocess
import sys

from retrieval.quotes import file_lines, is_verbatim

from conftest import KNOWLEDGE


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
