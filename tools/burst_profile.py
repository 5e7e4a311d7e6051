"""Where the time goes in a burst: N questions from U users at once, through the real bot and the
fake Bot API (served from its own thread, as Telegram is another machine), extractive answers.

    .venv/bin/python tools/burst_profile.py [--questions 300] [--users 60] [--distinct]

Prints time to answer (p50/p95, from the update being available to the answer arriving) and the
time spent per stage summed over all questions: waiting for an answer slot, answering (retrieval),
chat-state writes (SQLite), Telegram calls, and the rest (PTB dispatch, rendering)."""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import tempfile
import threading
import time
from collections import defaultdict
from contextlib import asynccontextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

MIX = ["Mạng lưới bưu chính công cộng có bao nhiêu điểm phục vụ?", "doanh thu viettel 6 thang dau nam 2017",
       "Ai ký thông báo 125?", "What was Viettel's revenue in the first half of 2017?",
       "Có bao nhiêu sim rác đã bị xử lý?", "Doanh thu của FPT 6 tháng đầu năm 2017 là bao nhiêu?",
       "Thông báo 112/TB-VPCP ban hành ngày nào?", "Bộ TT&TT đề nghị thành lập cục nào trên cơ sở Vụ CNTT?"]


class Stages:
    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def add(self, stage: str, seconds: float) -> None:
        self.seconds[stage] += seconds
        self.calls[stage] += 1


def instrument(svc, bot, stages: Stages) -> None:
    """Wrap the seams of one answer with timers (no behaviour changes)."""
    answer, record, attach, slot = svc.answers.answer, svc.state.record_answer, svc.state.attach_message, svc.queue.slot

    def timed(stage, fn):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                stages.add(stage, time.perf_counter() - started)
        return wrapper

    svc.answers.answer = timed("answer (retrieval, thread)", answer)
    svc.state.record_answer = timed("chat state writes (SQLite, thread)", record)
    svc.state.attach_message = timed("chat state writes (SQLite, thread)", attach)

    @asynccontextmanager
    async def timed_slot(on_ticket=None):
        started = time.perf_counter()
        async with slot(on_ticket):
            stages.add("waiting for an answer slot", time.perf_counter() - started)
            yield
    svc.queue.slot = timed_slot

    from bot import handlers

    answer_question = handlers.answer_question

    async def timed_handler(update, context, question):
        pushed = update.effective_message.date.timestamp()
        stages.add("update waiting before its handler", max(0.0, time.time() - pushed))
        started = time.perf_counter()
        try:
            return await answer_question(update, context, question)
        finally:
            stages.add("handler total", time.perf_counter() - started)
    handlers.answer_question = timed_handler

    request = bot._request[1]
    post = request.post

    async def timed_post(url, *args, **kwargs):
        started = time.perf_counter()
        try:
            return await post(url, *args, **kwargs)
        finally:
            stages.add(f"Telegram {url.rsplit('/', 1)[-1]}", time.perf_counter() - started)
    request.post = timed_post


def start_fake_telegram():
    """The fake Bot API on its own event loop in its own thread."""
    from fakes.telegram_api import FakeTelegram

    fake, loop, ready = FakeTelegram(), asyncio.new_event_loop(), threading.Event()

    def serve():
        asyncio.set_event_loop(loop)
        loop.run_until_complete(fake.start())
        ready.set()
        loop.run_forever()
    threading.Thread(target=serve, daemon=True).start()
    ready.wait(30)
    return fake, loop


def call_in(loop, fn, *args):
    return asyncio.run_coroutine_threadsafe(_call(fn, *args), loop).result(30)


async def _call(fn, *args):
    return fn(*args)


async def burst(questions: list[str], users: int, data: Path) -> dict:
    from bot.app import build_app, build_services
    from bot.settings import Settings
    from retrieval.engine import Engine

    fake, loop = start_fake_telegram()
    engine = Engine.open(ROOT / "knowledge", data)
    settings = Settings(telegram_bot_token=fake.token, telegram_base_url=fake.base_url, data_dir=data / "bot",
                        knowledge_dir=ROOT / "knowledge", generator="extractive", rate_limit_per_minute=1000,
                        max_queue=10_000)
    svc = build_services(settings, engine)
    app = build_app(settings, engine, svc)
    stages = Stages()
    await app.initialize()
    instrument(svc, app.bot, stages)
    await app.start()
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    import resource
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = cpu.ru_utime + cpu.ru_stime
    started = time.monotonic()
    asked = [call_in(loop, fake.message, q, 1000 + i % users, 1000 + i % users) for i, q in enumerate(questions)]
    ids = [m["message_id"] for m in asked]
    deadline = time.monotonic() + 600
    while not all(fake.answers_to(i) for i in ids):
        assert time.monotonic() < deadline, "not every question was answered within 10 minutes"
        await asyncio.sleep(0.05)
    wall = time.monotonic() - started
    import resource
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    cpu_s = cpu.ru_utime + cpu.ru_stime - cpu_before
    await app.updater.stop()
    await app.stop()  # every handler has finished: duplicates would be in fake.sent by now
    await app.shutdown()
    counts = [len(fake.answers_to(i)) for i in ids]
    latencies = sorted(fake.answers_to(i)[0]["_sent_at"] - started for i in ids if fake.answers_to(i))
    pct = lambda q: latencies[min(len(latencies) - 1, int(q * (len(latencies) - 1)))]
    return {"questions": len(ids), "users": users, "distinct": len(set(questions)), "wall_s": round(wall, 2), "cpu_s": round(cpu_s, 2),
            "answered_once": counts.count(1), "p50_s": round(pct(0.5), 2), "p95_s": round(pct(0.95), 2),
            "stages_s": {k: round(v, 2) for k, v in sorted(stages.seconds.items(), key=lambda kv: -kv[1])},
            "stage_calls": dict(stages.calls)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--users", type=int, default=60)
    parser.add_argument("--distinct", action="store_true", help="distinct dev-set questions, not the 8-question mix")
    parser.add_argument("--data", help="a DATA_DIR with the index (default: a fresh temporary one)")
    args = parser.parse_args()
    rng = random.Random(7)
    if args.distinct:
        pool = [json.loads(line)["question"] for line in open(ROOT / "tests" / "devset.jsonl", encoding="utf-8")]
        questions = rng.sample(pool, args.questions)
    else:
        questions = [rng.choice(MIX) for _ in range(args.questions)]
    import logging
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("telegram").setLevel(logging.DEBUG) if "--debug" in sys.argv else None
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(args.data) if args.data else Path(tmp)
        print(json.dumps(asyncio.run(burst(questions, args.users, data)), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
