"""User commands and buttons that have no retrieval in them, end to end through the fake Bot API."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot import texts
from bot.memory import ConversationMemory
from bot.settings import Settings

from conftest import FakeEngine


async def test_help_explains_how_to_ask_in_groups_with_the_bots_name(make_bot, telegram):
    await make_bot(FakeEngine())
    asked = telegram.command("/help")
    reply = (await telegram.wait_for(lambda: [m for m in telegram.sent if "Cách dùng" in m["text"]]))[0]
    assert "@vn_docs_bot" in reply["text"] and "/ask" in reply["text"] and reply["parse_mode"] == "HTML"
    assert reply["chat"]["id"] == asked["chat"]["id"]


async def test_ask_without_a_question_gets_usage_and_asks_nothing(make_bot, telegram):
    fake = FakeEngine()
    await make_bot(fake)
    asked = telegram.command("/ask")
    reply = (await telegram.wait_for(lambda: telegram.replies_to(asked["message_id"])))[0]
    assert reply["text"].startswith("Cách dùng: /ask")
    assert fake.questions == []


async def test_reply_to_the_bot_in_a_group_is_a_question_for_it(make_bot, telegram):
    fake = FakeEngine()
    await make_bot(fake)
    asked = telegram.command("/ask Câu đầu?", chat_id=-300, chat_type="supergroup")
    answer = (await telegram.wait_for(lambda: telegram.answers_to(asked["message_id"])))[-1]
    follow = telegram.message("Còn hạn chót?", chat_id=-300, chat_type="supergroup", reply_to=answer)
    await telegram.wait_for(lambda: telegram.answers_to(follow["message_id"]))
    assert [q for q, _ in fake.questions] == ["Câu đầu?", "Còn hạn chót?"]


async def test_reply_to_another_member_in_a_group_is_ignored(make_bot, telegram):
    fake = FakeEngine()
    await make_bot(fake)
    other = telegram.message("Chào cả nhà", chat_id=-300, chat_type="supergroup", user_id=7)
    chatter = telegram.message("Chào bạn", chat_id=-300, chat_type="supergroup", reply_to=other)
    marker = telegram.command("/ask Mốc?", chat_id=-300, chat_type="supergroup")
    await telegram.wait_for(lambda: telegram.answers_to(marker["message_id"]))
    assert telegram.replies_to(chatter["message_id"]) == [] and [q for q, _ in fake.questions] == ["Mốc?"]


@pytest.mark.parametrize("data", ["fb:999999:1", "fb:abc:1", "fb:1", "fb:1:2:3", "fb:1:x"])
async def test_unknown_or_malformed_feedback_buttons_get_a_polite_answer(make_bot, telegram, data):
    await make_bot(FakeEngine())
    message = {"message_id": 5, "date": 0, "chat": {"id": 1, "type": "private", "first_name": "A"}, "text": "x"}
    telegram.press(message, data)
    answered = await telegram.wait_for(lambda: telegram.calls_to("answerCallbackQuery"))
    assert answered[0]["text"] == texts.FEEDBACK_UNKNOWN


def test_admin_ids_must_be_numbers():
    assert Settings(admin_ids="42, 7;9").admin_ids == frozenset({42, 7, 9})
    with pytest.raises(ValidationError, match="ADMIN_IDS"):
        Settings(admin_ids="42,@boss")


def test_conversation_memory_expires_and_keeps_only_the_last_turns_and_chats():
    now = [0.0]
    memory = ConversationMemory(turns=2, ttl_s=60, max_chats=2, clock=lambda: now[0])
    for message_id in (1, 2, 3):
        memory.remember(10, message_id, f"q{message_id}", f"a{message_id}")
    assert memory.recall(10, 1) is None and memory.recall(10, 3).question == "q3"
    now[0] = 61
    assert memory.recall(10, 3) is None
    memory.remember(20, 1, "q", "a")
    memory.remember(30, 1, "q", "a")
    memory.remember(40, 1, "q", "a")
    assert memory.recall(20, 1) is None and memory.recall(40, 1) is not None
