"""Faults: a model that dies mid-answer, Telegram 429/502 bursts, a locked SQLite file, a
corrupt Chroma store, and SIGKILL at random points of a reload."""

import logging
import os
import random
import signal
import subprocess
import sys
import threading

import pytest

from bot.service import AnswerService
from retrieval.engine import Engine
from retrieval.generation_settings import GenerationSettings

from conftest import FakeEngine


async def test_ollama_dying_mid_stream_ends_with_the_extractive_answer(make_bot, telegram, ollama, engine):
    ollama.reply = "Theo tài liệu đã có gần 24 triệu Sim rác đã bị xử lý trong thời gian qua [1]"
    ollama.die_after, ollama.token_delay = 4, 0.05
    await make_bot(AnswerService(engine, "ollama", GenerationSettings(base_url=ollama.base_url)))
    q = telegram.message("Có bao nhiêu sim rác đã bị xử lý?")
    final = await telegram.wait_for(lambda: [m for m in telegram.sent + [e for _, e in telegram.edits]
                                             if "reply_markup" in m and "không sẵn sàng" in m["text"]])
    assert "24 triệu" in final[0]["text"] and "không sẵn sàng" in final[0]["text"]
    assert len(telegram.answers_to(q["message_id"])) == 1


async def test_telegram_429_and_502_bursts_still_deliver_each_answer_once(make_bot, telegram):
    await make_bot(FakeEngine())
    telegram.fail_next("sendMessage", 429, retry_after=1, times=2)
    telegram.fail_next("sendMessage", 502, times=3)
    asked = [telegram.message(f"Câu {i}?", user_id=100 + i, chat_id=100 + i) for i in range(5)]
    await telegram.wait_for(lambda: all(telegram.answers_to(m["message_id"]) for m in asked), timeout=60)
    assert [len(telegram.answers_to(m["message_id"])) for m in asked] == [1] * 5


async def test_locked_sqlite_file_does_not_cost_the_user_the_answer(make_bot, telegram, tmp_path, caplog):
    data = tmp_path / "locked"
    await make_bot(FakeEngine(), data_dir=data, sqlite_timeout_s=0.2)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time; db = sqlite3.connect(sys.argv[1], isolation_level=None);"
        "db.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); time.sleep(30)"), str(data / "state.sqlite")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        q = telegram.message("Câu hỏi khi cơ sở dữ liệu bị khoá?")
        answer = await telegram.wait_for(lambda: telegram.answers_to(q["message_id"]), timeout=30)
        assert "Câu trả lời mẫu" in answer[0]["text"]
        assert "could not record to chat state" in caplog.text
    finally:
        holder.kill()
        holder.wait(timeout=10)


def test_corrupt_chroma_store_is_rebuilt_from_the_documents(knowledge_copy, fresh_data_dir, caplog):
    Engine.open(knowledge_copy, fresh_data_dir)
    (fresh_data_dir / "chroma" / "chroma.sqlite3").write_bytes(os.urandom(4096))
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()  # as a fresh process would start
    with caplog.at_level(logging.ERROR):
        engine = Engine.open(knowledge_copy, fresh_data_dir)
    assert "unreadable" in caplog.text and "rebuilding" in caplog.text
    assert any("24 triệu" in c.quote for c in engine.answer("Có bao nhiêu sim rác đã bị xử lý?").citations)
    assert list(fresh_data_dir.glob("chroma.corrupt-*"))


@pytest.mark.slow
def test_sigkill_at_random_points_of_a_reload_ten_times(knowledge_copy, fresh_data_dir):
    Engine.open(knowledge_copy, fresh_data_dir)
    env = {**os.environ, "DATA_DIR": str(fresh_data_dir), "KNOWLEDGE_DIR": str(knowledge_copy)}
    rng = random.Random(11)
    target = next(knowledge_copy.glob("2021-05-11_*"))
    killed_mid_build = 0
    for round_ in range(10):
        target.write_text(target.read_text("utf-8") + f"\nBổ sung lần {round_}: trạm số {round_} đã hoạt động.\n",
                          "utf-8")
        proc = subprocess.Popen([sys.executable, "-m", "bot", "reload", "--force", "--json"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        killed_mid_build += _kill_inside_build(proc, rng.uniform(0.0, 1.0))
        engine = Engine.open(knowledge_copy, fresh_data_dir, update=False)
        gen = engine.generation
        assert gen is not None and engine.store.collection_ok(gen), f"round {round_}"
        assert "Nguyễn Sỹ Hiệp" in engine.answer("Ai ký thông báo 125?").text
    assert killed_mid_build >= 5, "most kills must land inside a build, or the test tests nothing"
    final = Engine.open(knowledge_copy, fresh_data_dir).reload(force=True)
    assert len(final.unchanged) + len(final.updated) == 5 and final.failed == []


def _kill_inside_build(proc: subprocess.Popen, delay_s: float) -> bool:
    """Wait for the build-started log line, then SIGKILL after delay_s unless the build ended first.
    True when the process was killed while building."""
    started = threading.Event()

    def drain() -> None:  # read all of stderr, so the process never blocks on a full pipe
        for line in proc.stderr:
            if "building index generation" in line:
                started.set()
    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        assert started.wait(timeout=120), "the reload never started building"
        try:
            proc.wait(timeout=delay_s)  # a random point inside the build, or its end
            return False
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            return True
    finally:
        proc.wait(timeout=30)
        reader.join(timeout=10)
