"""Digests delivered by the real JobQueue (not by calling deliver_due by hand), and the
subscription commands around them."""

from __future__ import annotations

import datetime as dt

from bot.subscriptions import Subscriptions
from retrieval.engine import Engine

from test_digest import ADMIN, GROUP, NEW_DOC, TOPIC, _bot_with_subscription, _digests


async def _with_new_document(make_bot, telegram, knowledge_copy, data):
    engine, app = await _bot_with_subscription(make_bot, telegram, knowledge_copy, data)
    (knowledge_copy / "kiem-tra-attt-2024.txt").write_text(NEW_DOC, "utf-8")
    engine.reload()
    return engine, app


async def test_the_daily_job_fires_and_delivers_the_digest_in_the_topic(make_bot, telegram, knowledge_copy,
                                                                        fresh_data_dir):
    _, app = await _with_new_document(make_bot, telegram, knowledge_copy, fresh_data_dir)
    job = app.job_queue.get_jobs_by_name(f"digest:{GROUP}:{TOPIC}")[0]
    job.job.modify(next_run_time=dt.datetime.now(dt.timezone.utc))  # "07:30" has come
    sent = await telegram.wait_for(lambda: _digests(telegram))
    assert len(sent) == 1 and int(sent[0]["message_thread_id"]) == TOPIC
    assert "Thông báo kết quả kiểm tra an toàn thông tin năm 2024" in sent[0]["text"]


async def test_start_up_catch_up_sends_a_digest_missed_while_the_bot_was_down(make_bot, telegram, knowledge_copy,
                                                                               fresh_data_dir):
    engine, app = await _with_new_document(make_bot, telegram, knowledge_copy, fresh_data_dir)
    state = app.bot_data["services"].state
    with state.transaction() as db:  # subscribed long ago, for a time already past today
        db.execute("UPDATE subscriptions SET at = '00:00', created_at = 0")
    await make_bot.stop(app)
    await make_bot(Engine.open(knowledge_copy, fresh_data_dir), knowledge_dir=knowledge_copy, data_dir=fresh_data_dir)
    sent = await telegram.wait_for(lambda: _digests(telegram))
    assert len(sent) == 1 and sent[0]["chat"]["id"] == GROUP


async def test_a_group_that_became_a_supergroup_gets_the_digest_there_and_keeps_it(make_bot, telegram, knowledge_copy,
                                                                                   fresh_data_dir):
    _, app = await _with_new_document(make_bot, telegram, knowledge_copy, fresh_data_dir)
    telegram.migrated[GROUP] = -1007777
    job = app.job_queue.get_jobs_by_name(f"digest:{GROUP}:{TOPIC}")[0]
    job.job.modify(next_run_time=dt.datetime.now(dt.timezone.utc))
    sent = await telegram.wait_for(lambda: _digests(telegram))
    assert sent[0]["chat"]["id"] == -1007777
    subs = Subscriptions(app.bot_data["services"].state)
    await telegram.wait_for(lambda: subs.get(-1007777, TOPIC))
    assert subs.get(GROUP, TOPIC) is None


async def test_subscriptions_digest_and_unsubscribe_commands(make_bot, telegram, knowledge_copy, fresh_data_dir):
    _, app = await _with_new_document(make_bot, telegram, knowledge_copy, fresh_data_dir)
    where = dict(chat_id=GROUP, chat_type="supergroup", user_id=ADMIN, thread_id=TOPIC)
    listing = telegram.command("/subscriptions", **where)
    reply = (await telegram.wait_for(lambda: telegram.replies_to(listing["message_id"])))[0]
    assert "07:30" in reply["text"] and f"chủ đề {TOPIC}" in reply["text"] and "đang bật" in reply["text"]
    now = telegram.command("/digest", **where)
    digest = (await telegram.wait_for(lambda: telegram.replies_to(now["message_id"])))[0]
    assert "Bản tin kho văn bản" in digest["text"]
    stop = telegram.command("/unsubscribe", **where)
    await telegram.wait_for(lambda: telegram.replies_to(stop["message_id"]))
    assert not Subscriptions(app.bot_data["services"].state).get(GROUP, TOPIC).active
    assert app.job_queue.get_jobs_by_name(f"digest:{GROUP}:{TOPIC}") == [] or \
        all(j.removed for j in app.job_queue.get_jobs_by_name(f"digest:{GROUP}:{TOPIC}"))
    again = telegram.command("/unsubscribe", chat_id=GROUP, chat_type="supergroup", user_id=ADMIN, thread_id=9)
    reply = (await telegram.wait_for(lambda: telegram.replies_to(again["message_id"])))[0]
    assert "chưa đăng ký" in reply["text"].lower()
