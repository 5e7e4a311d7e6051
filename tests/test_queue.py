"""Waiting for an answer: who gets a 'typing…', a place-in-line notice, a 'busy' or 'too long' reply."""

from bot import texts
from retrieval.models import Answer

from conftest import FakeEngine


async def test_a_fast_answer_is_sent_without_typing_or_queue_notices(make_bot, telegram):
    await make_bot(FakeEngine())
    q = telegram.message("Câu hỏi nhanh?")
    await telegram.wait_for(lambda: telegram.answers_to(q["message_id"]))
    assert telegram.calls_to("sendChatAction") == []
    assert len(telegram.replies_to(q["message_id"])) == 1


async def test_a_slow_answer_shows_typing_meanwhile(make_bot, telegram):
    await make_bot(FakeEngine(delay=1.6))
    q = telegram.message("Câu hỏi chậm?")
    await telegram.wait_for(lambda: telegram.answers_to(q["message_id"]))
    assert [c["action"] for c in telegram.calls_to("sendChatAction")] == ["typing"]


async def _second_while_first_is_answered(make_bot, telegram, **settings):
    """One answer slot; a first question being answered, then a second from another user."""
    fake = FakeEngine(delay=1.0)
    await make_bot(fake, max_concurrent_answers=1, **settings)
    first = telegram.message("Câu thứ nhất?", chat_id=1, user_id=1)
    await telegram.wait_for(lambda: fake.questions)
    return first, telegram.message("Câu thứ hai?", chat_id=2, user_id=2)


async def test_a_long_wait_in_line_gets_a_notice_with_the_place(make_bot, telegram):
    first, second = await _second_while_first_is_answered(make_bot, telegram, queue_notice_after_s=0.2)
    await telegram.wait_for(lambda: telegram.answers_to(second["message_id"]), timeout=30)
    replies = [m["text"] for m in telegram.replies_to(second["message_id"])]
    assert replies[0] == texts.QUEUED.format(position=1) and len(replies) == 2
    assert [m["text"] for m in telegram.replies_to(first["message_id"])] == ["Câu trả lời mẫu [1]"]


async def test_a_full_queue_answers_busy(make_bot, telegram):
    first, second = await _second_while_first_is_answered(make_bot, telegram, max_queue=0)
    busy = await telegram.wait_for(lambda: telegram.replies_to(second["message_id"]))
    assert busy[0]["text"] == texts.BUSY
    await telegram.wait_for(lambda: telegram.answers_to(first["message_id"]))


async def test_a_too_long_question_is_refused_with_the_limit(make_bot, telegram):
    fake = FakeEngine(Answer("answered", "không được gọi"))
    await make_bot(fake, max_question_chars=50)
    q = telegram.message("Câu hỏi " + "rất dài " * 20)
    reply = await telegram.wait_for(lambda: telegram.replies_to(q["message_id"]))
    assert reply[0]["text"] == texts.TOO_LONG.format(limit=50) and fake.questions == []
