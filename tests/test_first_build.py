"""A bot started on an empty DATA_DIR polls at once: a question asked during the first build gets
a progress notice, and the real answer once the build is done."""

import asyncio
import re
import threading

import pytest

from bot.app import start_index
from retrieval.engine import Engine

from conftest import KNOWLEDGE


@pytest.mark.slow
async def test_a_bot_on_an_empty_data_dir_answers_during_the_first_build(make_bot, telegram, tmp_path):
    data = tmp_path / "empty"
    engine = Engine.open(KNOWLEDGE, data, update=False)  # nothing indexed, no embedding cache
    assert engine.generation is None
    stop = threading.Event()
    building = start_index(engine, stop)
    try:
        await make_bot(engine, data_dir=tmp_path / "botdata")
        await telegram.wait_for(lambda: engine.progress.snapshot().done > 0, timeout=120)
        q = telegram.message("Ai ký thông báo 125?")
        notice = (await telegram.wait_for(lambda: telegram.answers_to(q["message_id"])))[0]["text"]
        assert building.is_alive(), "the build ended before the question: nothing was tested"
        assert notice.startswith("Đang lập chỉ mục") and re.search(r"\d+/\d+ đoạn, khoảng \d+ giây nữa", notice)

        await asyncio.to_thread(building.join, 300)
        q = telegram.message("Ai ký thông báo 125?")
        answer = (await telegram.wait_for(lambda: telegram.answers_to(q["message_id"])))[0]["text"]
        assert "Nguyễn Sỹ Hiệp" in answer
    finally:
        stop.set()
