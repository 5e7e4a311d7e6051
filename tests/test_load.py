"""Load through the fake Bot API: many users at once, nothing lost, nobody answered twice.
Throughput and latency are printed (run with -s), never asserted."""

import json
import random
import time

import pytest

QUESTIONS = [
    "Mạng lưới bưu chính công cộng có bao nhiêu điểm phục vụ?",
    "doanh thu viettel 6 thang dau nam 2017",
    "Ai ký thông báo 125?",
    "What was Viettel's revenue in the first half of 2017?",
    "Có bao nhiêu sim rác đã bị xử lý?",
    "Doanh thu của FPT 6 tháng đầu năm 2017 là bao nhiêu?",
    "Thông báo 112/TB-VPCP ban hành ngày nào?",
    "Bộ TT&TT đề nghị thành lập cục nào trên cơ sở Vụ CNTT?",
]


@pytest.mark.slow
async def test_300_questions_from_60_users_are_each_answered_exactly_once(make_bot, telegram, engine):
    app = await make_bot(engine, rate_limit_per_minute=10, max_queue=1000)
    rng = random.Random(7)
    started = time.monotonic()
    asked = [telegram.message(rng.choice(QUESTIONS), chat_id=1000 + u, user_id=1000 + u)
             for _ in range(5) for u in range(60)]
    ids = [m["message_id"] for m in asked]
    await telegram.wait_for(lambda: all(telegram.answers_to(i) for i in ids), timeout=300)
    elapsed = time.monotonic() - started
    await make_bot.stop(app)  # every handler has finished: a duplicate would be in telegram.sent now
    counts = [len(telegram.answers_to(i)) for i in ids]
    assert counts == [1] * 300
    latencies = sorted(telegram.answers_to(i)[0]["_sent_at"] - started for i in ids)
    notices = sum(1 for m in telegram.sent if m["text"].startswith("Đang có nhiều câu hỏi"))
    print(json.dumps({"questions": 300, "users": 60, "seconds": round(elapsed, 1),
                      "throughput_per_s": round(300 / elapsed, 1), "queue_notices": notices,
                      "latency_p50_s": round(latencies[149], 2), "latency_p95_s": round(latencies[284], 2)}))


@pytest.mark.slow
async def test_600_questions_from_200_users_with_a_slow_local_model(make_bot, telegram, ollama, engine):
    import resource

    from bot.service import AnswerService
    from retrieval.generation_settings import GenerationSettings

    ollama.answer_seconds = (1.0, 3.0)
    service = AnswerService(engine, "ollama", GenerationSettings(base_url=ollama.base_url))
    app = await make_bot(service, rate_limit_per_minute=10, max_concurrent_answers=48, max_queue=5000)
    rng = random.Random(3)
    started = time.monotonic()
    asked, pushed_at = [], {}
    for wave in range(3):  # 200 users, three questions each, in waves: the next arrives while the last is answered
        wave_ids = []
        for u in range(200):
            m = telegram.message(rng.choice(QUESTIONS), chat_id=5000 + u, user_id=5000 + u)
            asked.append(m)
            wave_ids.append(m["message_id"])
            pushed_at[m["message_id"]] = time.monotonic()
        await telegram.wait_for(lambda: sum(1 for i in wave_ids if telegram.answers_to(i)) >= 50, timeout=300)
    ids = [m["message_id"] for m in asked]
    await telegram.wait_for(lambda: all(telegram.answers_to(i) for i in ids), timeout=600)
    elapsed = time.monotonic() - started
    await make_bot.stop(app)
    assert [len(telegram.answers_to(i)) for i in ids] == [1] * 600
    last_edit = {}
    for at, params in telegram.edits:
        last_edit[int(params["message_id"])] = at
    finals, latencies = [], []
    for i in ids:
        answer = telegram.answers_to(i)[0]
        finals.append(answer)
        latencies.append(last_edit.get(answer["message_id"], answer["_sent_at"]) - pushed_at[i])
    latencies.sort()
    notices = sum(1 for m in telegram.sent if m["text"].startswith("Đang có nhiều câu hỏi"))
    assert notices > 0
    by_ollama = sum(1 for m in finals if "không sẵn sàng" not in m["text"])
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"questions": 600, "users": 200, "seconds": round(elapsed, 1),
                      "throughput_per_s": round(600 / elapsed, 1), "queue_notices": notices,
                      "answered_by_model": by_ollama, "edits": len(telegram.edits), "peak_rss_mb": round(peak_mb),
                      "latency_p50_s": round(latencies[299], 1), "latency_p95_s": round(latencies[569], 1)}))
