"""Daily digests, driven with a controlled clock through the fake Bot API."""

import datetime as dt
from zoneinfo import ZoneInfo

from bot.digest import build_digest
from bot.subscriptions import Subscriptions
from retrieval.changelog import Change
from retrieval.engine import Engine
from retrieval.models import Citation
from retrieval.quotes import file_lines, is_verbatim

from fakes.telegram_api import check_html, utf16_len

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
GROUP, TOPIC, ADMIN = -300, 55, 42
NEW_DOC = ("Thông báo kết quả kiểm tra an toàn thông tin năm 2024\n\n"
           "Đoàn kiểm tra đã làm việc với 12 cơ quan nhà nước trong tháng 10 năm 2024.\n\n"
           "Kết quả cho thấy 9 cơ quan đạt yêu cầu về bảo đảm an toàn thông tin mạng theo cấp độ.\n\n"
           "Ba cơ quan còn lại phải khắc phục các tồn tại trước ngày 31 tháng 12 năm 2024.\n")


def _tomorrow(hour: int, minute: int) -> dt.datetime:
    day = dt.datetime.now(TZ).date() + dt.timedelta(days=1)
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


async def _bot_with_subscription(make_bot, telegram, knowledge_copy, data, at="07:30"):
    engine = Engine.open(knowledge_copy, data)
    app = await make_bot(engine, knowledge_dir=knowledge_copy, data_dir=data)
    telegram.command(f"/subscribe {at}", chat_id=GROUP, chat_type="supergroup", user_id=ADMIN, thread_id=TOPIC)
    await telegram.wait_for(lambda: any("Đã đăng ký" in m["text"] for m in telegram.sent))
    return engine, app


def _digests(telegram):
    return [m for m in telegram.sent if "Bản tin kho văn bản" in m["text"]]


async def test_subscription_at_0730_delivers_at_0730_local_in_the_topic(make_bot, telegram, knowledge_copy,
                                                                       fresh_data_dir):
    engine, app = await _bot_with_subscription(make_bot, telegram, knowledge_copy, fresh_data_dir)
    job = app.job_queue.get_jobs_by_name(f"digest:{GROUP}:{TOPIC}")[0]
    assert job.next_t.astimezone(TZ).strftime("%H:%M") == "07:30"
    (knowledge_copy / "kiem-tra-attt-2024.txt").write_text(NEW_DOC, "utf-8")
    engine.reload()
    digests = app.bot_data["services"].digests
    assert await digests.deliver_due(app.bot, now=_tomorrow(7, 29)) == 0
    assert await digests.deliver_due(app.bot, now=_tomorrow(7, 30)) == 1
    sent = _digests(telegram)
    assert len(sent) == 1 and int(sent[0]["message_thread_id"]) == TOPIC and sent[0]["chat"]["id"] == GROUP
    text = sent[0]["text"]
    assert "Thông báo kết quả kiểm tra an toàn thông tin năm 2024" in text and "🆕" in text
    assert "12 cơ quan nhà nước" in text or "9 cơ quan đạt yêu cầu" in text
    assert check_html(text)[0] == ""


async def test_key_points_quote_the_new_document_verbatim(engine):
    points = engine.key_points(next(iter(sorted(engine.generation.docs))))
    assert 1 <= len(points) <= 3
    for c in points:
        from conftest import KNOWLEDGE
        assert is_verbatim(c.quote, file_lines(KNOWLEDGE / c.doc), c.line_start, c.line_end)


async def test_no_new_documents_sends_nothing(make_bot, telegram, knowledge_copy, fresh_data_dir):
    _, app = await _bot_with_subscription(make_bot, telegram, knowledge_copy, fresh_data_dir)
    assert await app.bot_data["services"].digests.deliver_due(app.bot, now=_tomorrow(7, 31)) == 0
    assert _digests(telegram) == []


async def test_restart_right_after_delivery_sends_no_duplicate(make_bot, telegram, knowledge_copy, fresh_data_dir):
    engine, app = await _bot_with_subscription(make_bot, telegram, knowledge_copy, fresh_data_dir)
    (knowledge_copy / "kiem-tra-attt-2024.txt").write_text(NEW_DOC, "utf-8")
    engine.reload()
    assert await app.bot_data["services"].digests.deliver_due(app.bot, now=_tomorrow(7, 30)) == 1
    await make_bot.stop(app)
    again = await make_bot(Engine.open(knowledge_copy, fresh_data_dir), knowledge_dir=knowledge_copy,
                           data_dir=fresh_data_dir)
    assert await again.bot_data["services"].digests.deliver_due(again.bot, now=_tomorrow(7, 31)) == 0
    assert len(_digests(telegram)) == 1


async def test_restart_after_a_missed_time_catches_up_once(make_bot, telegram, knowledge_copy, fresh_data_dir):
    engine, app = await _bot_with_subscription(make_bot, telegram, knowledge_copy, fresh_data_dir)
    await make_bot.stop(app)  # the bot is down at 07:30
    (knowledge_copy / "kiem-tra-attt-2024.txt").write_text(NEW_DOC, "utf-8")
    engine.reload()
    again = await make_bot(Engine.open(knowledge_copy, fresh_data_dir), knowledge_dir=knowledge_copy,
                           data_dir=fresh_data_dir)
    digests = again.bot_data["services"].digests
    assert await digests.deliver_due(again.bot, now=_tomorrow(9, 15)) == 1
    assert await digests.deliver_due(again.bot, now=_tomorrow(9, 20)) == 0
    assert len(_digests(telegram)) == 1


async def test_bot_removed_from_the_group_deactivates_the_subscription(make_bot, telegram, knowledge_copy,
                                                                       fresh_data_dir):
    engine, app = await _bot_with_subscription(make_bot, telegram, knowledge_copy, fresh_data_dir)
    (knowledge_copy / "kiem-tra-attt-2024.txt").write_text(NEW_DOC, "utf-8")
    engine.reload()
    telegram.fail_next("sendMessage", 403)
    assert await app.bot_data["services"].digests.deliver_due(app.bot, now=_tomorrow(7, 30)) == 0
    sub = Subscriptions(app.bot_data["services"].state).get(GROUP, TOPIC)
    assert not sub.active


async def test_non_admin_group_member_cannot_subscribe_the_group(make_bot, telegram, knowledge_copy, fresh_data_dir):
    await make_bot(Engine.open(knowledge_copy, fresh_data_dir), knowledge_dir=knowledge_copy, data_dir=fresh_data_dir)
    telegram.chat_members[(GROUP, 7)] = "member"
    telegram.chat_members[(GROUP, 8)] = "administrator"
    telegram.command("/subscribe 07:30", chat_id=GROUP, chat_type="supergroup", user_id=7)
    await telegram.wait_for(lambda: any("Chỉ quản trị viên" in m["text"] for m in telegram.sent))
    telegram.command("/subscribe 06:45", chat_id=GROUP, chat_type="supergroup", user_id=8)
    await telegram.wait_for(lambda: any("06:45" in m["text"] for m in telegram.sent))


async def test_group_upgraded_to_supergroup_keeps_its_subscription(make_bot, telegram, knowledge_copy, fresh_data_dir):
    engine, app = await _bot_with_subscription(make_bot, telegram, knowledge_copy, fresh_data_dir)
    telegram.push(message={"message_id": 1, "date": 0, "chat": {"id": GROUP, "type": "group", "title": "N"},
                           "migrate_to_chat_id": -1009999})
    subs = Subscriptions(app.bot_data["services"].state)
    await telegram.wait_for(lambda: subs.get(-1009999, TOPIC))
    assert subs.get(GROUP, TOPIC) is None


def test_digest_of_50_changed_documents_fits_one_message():
    changes = [Change(i, 2, f"doc-{i}.txt", "added", f"Văn bản số {i} về chủ đề rất dài " * 3, f"{i}/TB-X",
                      "2024-03-09", 0.0) for i in range(50)]
    quote = "Nội dung trích dẫn dài & có <ký tự> đặc biệt. " * 12

    def key_points(doc):
        return [Citation(n, doc, "T", n, n, quote) for n in (1, 2, 3)]

    html = build_digest(changes, key_points, [("Câu hỏi?", "Trả lời ngắn.", 3)], "2024-03-10")
    error, visible = check_html(html)
    assert error == "" and utf16_len(html) <= 4096
    assert "Có 50 văn bản thay đổi" in html and "văn bản khác" in html


async def test_notify_empty_option_sends_a_short_notice(make_bot, telegram, knowledge_copy, fresh_data_dir):
    engine = Engine.open(knowledge_copy, fresh_data_dir)
    app = await make_bot(engine, knowledge_dir=knowledge_copy, data_dir=fresh_data_dir)
    telegram.command("/subscribe 07:30 +trong -cauhoi", chat_id=77, user_id=77)
    await telegram.wait_for(lambda: any("Đã đăng ký" in m["text"] for m in telegram.sent))
    sub = Subscriptions(app.bot_data["services"].state).get(77, 0)
    assert sub.notify_empty and not sub.show_questions
    assert await app.bot_data["services"].digests.deliver_due(app.bot, now=_tomorrow(7, 30)) == 1
    assert any("không có văn bản mới" in m["text"] for m in telegram.sent)


async def test_bad_subscribe_time_gets_usage(make_bot, telegram, knowledge_copy, fresh_data_dir):
    await make_bot(Engine.open(knowledge_copy, fresh_data_dir), knowledge_dir=knowledge_copy, data_dir=fresh_data_dir)
    telegram.command("/subscribe 25:99", chat_id=78, user_id=78)
    await telegram.wait_for(lambda: any("Cách dùng: /subscribe" in m["text"] for m in telegram.sent))
