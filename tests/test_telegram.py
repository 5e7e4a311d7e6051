"""End to end through the real python-telegram-bot Application and a loopback fake Bot API."""

import html


from retrieval.models import Answer, Citation

from conftest import FakeEngine


def _text(messages):
    return "\n".join(m["text"] for m in messages)


async def test_private_question_gets_an_answer_with_sources(make_bot, telegram, engine):
    await make_bot(engine)
    q = telegram.message("Mạng lưới bưu chính công cộng có bao nhiêu điểm phục vụ?")
    answers = await telegram.wait_for(lambda: telegram.answers_to(q["message_id"]))
    text = _text(answers)
    assert "12.783" in text and "<b>Nguồn</b>" in text and "dòng 35" in text
    assert "<blockquote expandable>" in text
    assert answers[0]["parse_mode"] == "HTML"
    keyboard = answers[-1]["reply_markup"]["inline_keyboard"][0]
    assert [b["text"] for b in keyboard] == ["👍", "👎"]


async def test_group_message_without_mention_is_ignored(make_bot, telegram):
    fake = FakeEngine()
    await make_bot(fake)
    chatter = telegram.message("Hôm nay ăn gì nhỉ?", chat_id=-100, chat_type="supergroup")
    asked = telegram.command("/ask Ai ký thông báo 125?", chat_id=-100, chat_type="supergroup")
    await telegram.wait_for(lambda: telegram.answers_to(asked["message_id"]))
    assert telegram.replies_to(chatter["message_id"]) == []
    assert [q for q, _ in fake.questions] == ["Ai ký thông báo 125?"]


async def test_mention_in_a_forum_topic_is_answered_in_that_topic(make_bot, telegram):
    fake = FakeEngine()
    await make_bot(fake)
    text = "@vn_docs_bot Ai ký thông báo 125?"
    q = telegram.message(text, chat_id=-200, chat_type="supergroup", thread_id=77,
                         entities=[{"type": "mention", "offset": 0, "length": 12}])
    answers = await telegram.wait_for(lambda: telegram.answers_to(q["message_id"]))
    assert int(answers[0]["message_thread_id"]) == 77
    assert fake.questions[0][0] == "Ai ký thông báo 125?"


async def test_reply_to_an_answer_is_a_follow_up_with_context(make_bot, telegram, engine):
    app = await make_bot(engine)
    first = telegram.message("Doanh thu của Tập đoàn VNPT 6 tháng đầu năm 2017 là bao nhiêu?")
    answer = (await telegram.wait_for(lambda: telegram.answers_to(first["message_id"])))[-1]
    memory = app.bot_data["services"].memory  # a person replies seconds later: the bot has noted the exchange
    await telegram.wait_for(lambda: memory.recall(answer["chat"]["id"], answer["message_id"]))
    follow = telegram.message("Còn lợi nhuận thì sao?", reply_to=answer)
    reply = await telegram.wait_for(lambda: telegram.answers_to(follow["message_id"]))
    assert "VNPT" in _text(reply) and "2.390 tỷ đồng" in _text(reply)


async def test_forget_clears_the_follow_up_context(make_bot, telegram):
    fake = FakeEngine()
    await make_bot(fake)
    first = telegram.message("Câu hỏi đầu tiên?")
    answer = (await telegram.wait_for(lambda: telegram.answers_to(first["message_id"])))[-1]
    forget = telegram.command("/forget")
    await telegram.wait_for(lambda: telegram.replies_to(forget["message_id"]) or
                            any("Đã xoá ngữ cảnh" in m["text"] for m in telegram.sent))
    follow = telegram.message("Còn gì nữa?", reply_to=answer)
    await telegram.wait_for(lambda: telegram.answers_to(follow["message_id"]))
    assert fake.questions[0][1] == "" and fake.questions[1] == ("Còn gì nữa?", "")


async def test_html_in_a_question_and_answer_is_escaped(make_bot, telegram):
    quote = "Văn bản có <b>thẻ</b> & ký hiệu"
    fake = FakeEngine(Answer("answered", "Trả lời về <b>x</b> & y [1]", [
        Citation(1, "a.txt", "Tiêu đề <i>lạ</i> & co", 3, 3, quote, "1/TB-X", "2021-05-18")]))
    await make_bot(fake)
    q = telegram.message("<b>đậm</b> & chuyện gì?")
    answers = await telegram.wait_for(lambda: telegram.answers_to(q["message_id"]))
    text = _text(answers)
    assert "Trả lời về &lt;b&gt;x&lt;/b&gt; &amp; y [1]" in text
    assert html.escape(quote) in text and "Tiêu đề &lt;i&gt;lạ&lt;/i&gt; &amp; co" in text
    assert "(1/TB-X, 18/5/2021), dòng 3" in text
    assert fake.questions[0][0] == "<b>đậm</b> & chuyện gì?"


async def test_a_9000_character_answer_is_split_within_limits(make_bot, telegram):
    paragraphs = [("Đoạn %d. " % i) + "Nội dung dài & chi tiết. " * 14 for i in range(25)]
    long_text = "\n\n".join(paragraphs)
    assert len(long_text) > 9000
    fake = FakeEngine(Answer("answered", long_text + " [1]",
                             [Citation(1, "a.txt", "Tài liệu", 1, 2, "Trích dẫn <nguyên văn>. " * 200)]))
    await make_bot(fake)
    q = telegram.message("Hỏi dài?")
    await telegram.wait_for(lambda: any("reply_markup" in m for m in telegram.sent))
    parts = [m for m in telegram.sent]
    assert len(parts) >= 3
    from fakes.telegram_api import check_html, utf16_len
    for m in parts:
        error, visible = check_html(m["text"])
        assert error == "" and utf16_len(visible) <= 4096 and utf16_len(m["text"]) <= 4096
    joined = html.unescape("".join(m["text"] for m in parts))
    for p in paragraphs:
        assert p.strip()[:40] in joined
    assert parts[0]["reply_to_message"]["message_id"] == q["message_id"]
    assert "reply_markup" in parts[-1]


async def test_rejected_markup_is_resent_as_plain_text(make_bot, telegram):
    await make_bot(FakeEngine())
    telegram.fail_next("sendMessage", 400)
    q = telegram.message("Có gì mới?")
    answers = await telegram.wait_for(lambda: telegram.answers_to(q["message_id"]))
    assert answers[0].get("parse_mode") is None and "Câu trả lời mẫu" in answers[0]["text"]


async def test_thumbs_up_is_stored_and_survives_a_restart(make_bot, telegram, tmp_path):
    from bot.state import ChatState

    data = tmp_path / "persist"
    app = await make_bot(FakeEngine(), data_dir=data)
    q = telegram.message("Câu hỏi?", user_id=7)
    answer = (await telegram.wait_for(lambda: telegram.answers_to(q["message_id"])))[-1]
    data_cb = answer["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    telegram.press(answer, data_cb, user_id=7)
    await telegram.wait_for(lambda: telegram.calls_to("answerCallbackQuery"))
    assert "Cảm ơn" in telegram.calls_to("answerCallbackQuery")[0]["text"]
    await make_bot.stop(app)
    state = ChatState(data / "state.sqlite")
    qid = int(data_cb.split(":")[1])
    assert state.votes(qid) == (1, 0)
    state.close()
    await make_bot(FakeEngine(), data_dir=data)  # the bot starts again on the same state
    telegram.command("/stats", user_id=42)
    reply = await telegram.wait_for(lambda: [m for m in telegram.sent if "Thống kê" in m["text"]])
    assert "👍 1" in reply[0]["text"]


async def test_rate_limit_gets_a_polite_message(make_bot, telegram):
    await make_bot(FakeEngine(), rate_limit_per_minute=2)
    msgs = [telegram.message(f"Câu {i}?", user_id=9) for i in range(3)]
    await telegram.wait_for(lambda: all(telegram.replies_to(m["message_id"]) for m in msgs))
    assert "hỏi hơi nhanh" in telegram.replies_to(msgs[2]["message_id"])[0]["text"]
    assert "reply_markup" in telegram.replies_to(msgs[0]["message_id"])[0]


async def test_flood_control_429_is_waited_out_and_delivered_once(make_bot, telegram):
    await make_bot(FakeEngine())
    telegram.fail_next("sendMessage", 429, retry_after=1)
    q = telegram.message("Câu hỏi khi bị giới hạn?")
    await telegram.wait_for(lambda: telegram.answers_to(q["message_id"]), timeout=20)
    marker = telegram.message("Câu sau?", user_id=2, chat_id=2)  # handled after the retry has settled
    await telegram.wait_for(lambda: telegram.answers_to(marker["message_id"]), timeout=20)
    assert len(telegram.answers_to(q["message_id"])) == 1
    assert len([c for c in telegram.calls_to("sendMessage") if int(c["chat_id"]) == 1]) == 2  # rejected try + delivery


async def test_non_admin_cannot_see_stats(make_bot, telegram):
    await make_bot(FakeEngine())
    telegram.command("/stats", user_id=5)
    await telegram.wait_for(lambda: any("quản trị viên" in m["text"] for m in telegram.sent))


async def test_start_shows_examples_and_commands_are_registered(make_bot, telegram, engine):
    from bot.examples import pick_examples

    app = await make_bot(engine)
    examples = pick_examples(engine)
    app.bot_data["services"].examples = examples
    answers = [engine.answer(q) for q in examples]
    assert len(examples) == 3 and all(a.status == "answered" for a in answers)
    assert len({a.citations[0].doc for a in answers}) == 3  # from three different documents
    assert any("bao nhiêu" in q for q in examples)  # a figure, not only metadata questions
    telegram.command("/start")
    welcome = await telegram.wait_for(lambda: [m for m in telegram.sent if "Xin chào" in m["text"]])
    assert welcome[0]["text"].count("• ") == 3
    commands = telegram.calls_to("setMyCommands")[0]["commands"]
    assert {c["command"] for c in commands} >= {"ask", "docs", "forget", "help", "start"}


async def test_docs_lists_documents_with_number_and_date(make_bot, telegram, engine):
    await make_bot(engine)
    telegram.command("/docs")
    reply = await telegram.wait_for(lambda: [m for m in telegram.sent if "Kho văn bản" in m["text"]])
    assert "125/TB-VPCP, 26/5/2021" in reply[0]["text"] and "(5 văn bản)" in reply[0]["text"]


async def test_an_unexpected_error_gets_an_apology_with_an_error_id(make_bot, telegram, caplog):
    class Broken(FakeEngine):
        def answer(self, question, context=""):
            raise RuntimeError("boom")

    await make_bot(Broken())
    telegram.message("Câu hỏi?")
    reply = await telegram.wait_for(lambda: telegram.sent)
    assert "mã lỗi" in reply[0]["text"]
    assert telegram.token not in caplog.text


async def test_related_answer_is_marked_as_such_and_keeps_feedback_buttons(make_bot, telegram):
    passages = [Citation(n, "a.txt", "Tài liệu", n, n, f"Đoạn liên quan số {n}.") for n in (1, 2)]
    await make_bot(FakeEngine(Answer("related", "Tài liệu không nêu trực tiếp điều này; các đoạn liên quan nhất: [1] [2]",
                                     passages)))
    q = telegram.message("Câu hỏi mà tài liệu chỉ nói gần đúng?")
    answers = await telegram.wait_for(lambda: telegram.answers_to(q["message_id"]))
    text = _text(answers)
    assert text.startswith("🔎 <i>Tài liệu không nêu trực tiếp điều này")
    assert "<b>Các đoạn liên quan nhất</b>" in text and "<b>Nguồn</b>" not in text
    assert "Đoạn liên quan số 2." in text
    buttons = answers[-1]["reply_markup"]["inline_keyboard"][0]
    assert [b["text"] for b in buttons] == ["👍", "👎"]


async def test_stats_count_the_three_outcomes_and_list_related_as_unanswered(make_bot, telegram, tmp_path):
    from bot.state import ChatState

    data = tmp_path / "stats"
    state = ChatState(data / "state.sqlite")
    for status, question in [("answered", "Hỏi một?"), ("related", "Hỏi gần đúng?"), ("not_found", "Hỏi ngoài lề?")]:
        state.record_answer(1, 7, question, Answer(status, "…"))
    state.close()
    await make_bot(FakeEngine(), data_dir=data)
    telegram.command("/stats", user_id=42)
    reply = (await telegram.wait_for(lambda: [m for m in telegram.sent if "Thống kê" in m["text"]]))[0]["text"]
    assert "trả lời: 1" in reply and "chỉ có đoạn liên quan: 1" in reply and "không tìm thấy: 1" in reply
    unanswered = reply.split("Câu hỏi chưa được trả lời tốt")[1]
    assert "Hỏi gần đúng?" in unanswered and "Hỏi ngoài lề?" in unanswered and "Hỏi một?" not in unanswered
