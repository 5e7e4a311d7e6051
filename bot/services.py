"""The services the handlers use, held in the Application's bot_data, and small look-ups on them."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from telegram.ext import ContextTypes

from bot.examples import pick_examples
from bot.limits import AnswerQueue, UserRateLimiter
from bot.memory import ConversationMemory
from bot.settings import Settings
from bot.state import ChatState


@dataclass
class Services:
    settings: Settings
    answers: object           # bot.service.AnswerService (or a test double with answer/stream)
    state: ChatState
    memory: ConversationMemory
    limiter: UserRateLimiter
    queue: AnswerQueue
    library: object = None    # retrieval.library.Library
    subscriptions: object = None  # bot.subscriptions.Subscriptions
    digests: object = None        # bot.digest.DigestService
    admin_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    examples: list[str] = field(default_factory=list)
    examples_for: str = ""        # the index generation the examples were checked against
    username: str = ""


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.bot_data["services"]


async def current_examples(svc: Services) -> list[str]:
    """Example questions checked against the index being served (picked again after a reload)."""
    engine = getattr(svc.answers, "engine", None)
    gen = engine.generation if engine is not None else None
    if gen is not None and svc.examples_for != gen.dir:
        svc.examples = await asyncio.to_thread(pick_examples, engine)
        svc.examples_for = gen.dir
    return svc.examples


def is_admin(context: ContextTypes.DEFAULT_TYPE, user_id: int | None) -> bool:
    return user_id is not None and user_id in services(context).settings.admin_ids
