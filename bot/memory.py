"""Short conversation memory per chat: the bot's recent answers, so a reply to one of them
continues that exchange. Bounded per chat, expires, and /forget clears it."""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass


@dataclass(frozen=True)
class Exchange:
    question: str
    answer: str
    at: float

    def as_context(self) -> str:
        return f"{self.question}\n{self.answer}"


class ConversationMemory:
    def __init__(self, turns: int = 3, ttl_s: float = 1800, max_chats: int = 10_000, clock=time.monotonic):
        self.turns, self.ttl_s, self.max_chats, self._clock = turns, ttl_s, max_chats, clock
        self._chats: OrderedDict[int, OrderedDict[int, Exchange]] = OrderedDict()

    def remember(self, chat_id: int, message_id: int, question: str, answer: str) -> None:
        chat = self._chats.setdefault(chat_id, OrderedDict())
        self._chats.move_to_end(chat_id)
        chat[message_id] = Exchange(question, answer, self._clock())
        while len(chat) > self.turns:
            chat.popitem(last=False)
        while len(self._chats) > self.max_chats:
            self._chats.popitem(last=False)

    def recall(self, chat_id: int, message_id: int) -> Exchange | None:
        exchange = self._chats.get(chat_id, {}).get(message_id)
        if exchange is None or self._clock() - exchange.at > self.ttl_s:
            return None
        return exchange

    def forget(self, chat_id: int) -> None:
        self._chats.pop(chat_id, None)
