"""A reload killed with SIGKILL leaves the previous index serving; the next reload completes."""

import os
import signal
import subprocess
import sys
import time

import pytest

from retrieval.engine import Engine


def _big_document(n: int = 300) -> str:
    lines = [f"Báo cáo tổng hợp số {i}: trạm quan trắc thứ {i} ghi nhận {i * 37}.{i % 10}00 lượt đo trong quý {i % 4 + 1}."
             for i in range(n)]
    return "\n\n".join(lines)


def _kill_during_build(knowledge, data) -> None:
    env = {**os.environ, "DATA_DIR": str(data), "KNOWLEDGE_DIR": str(knowledge)}
    proc = subprocess.Popen([sys.executable, "-m", "bot", "reload", "--json"], env=env, stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, text=True)
    deadline = time.monotonic() + 120
    try:
        for line in proc.stderr:  # wait until embedding of the new generation is under way
            if "building index generation" in line or time.monotonic() > deadline:
                break
        assert proc.poll() is None, "the reload finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


@pytest.mark.slow
def test_sigkill_mid_reload_keeps_the_previous_index(knowledge_copy, fresh_data_dir):
    first = Engine.open(knowledge_copy, fresh_data_dir)
    generation = first.generation.number
    (knowledge_copy / "bao-cao-quan-trac.txt").write_text(_big_document(), "utf-8")
    _kill_during_build(knowledge_copy, fresh_data_dir)

    after_crash = Engine.open(knowledge_copy, fresh_data_dir, update=False)
    assert after_crash.generation.number == generation
    answer = after_crash.answer("Ai ký thông báo 125?")
    assert answer.status == "answered" and "Nguyễn Sỹ Hiệp" in answer.text

    report = after_crash.reload()
    assert report.added == ["bao-cao-quan-trac.txt"] and report.generation == generation + 1
    answer = after_crash.answer("Trạm quan trắc thứ 12 ghi nhận bao nhiêu lượt đo?")
    assert answer.status != "not_found" and answer.citations[0].doc == "bao-cao-quan-trac.txt"
