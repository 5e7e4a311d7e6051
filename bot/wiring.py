"""Opening the answer engine and building the bot's services from settings: shared by the
Telegram app (bot/app.py) and the shell commands (bot/cli.py)."""

from __future__ import annotations

from bot.digest import DigestService
from bot.limits import AnswerQueue, UserRateLimiter
from bot.memory import ConversationMemory
from bot.service import AnswerService
from bot.services import Services
from bot.settings import Settings
from bot.state import ChatState
from bot.subscriptions import Subscriptions
from retrieval.engine import Engine
from retrieval.library import Library
from retrieval.progress import tqdm_listener


def open_engine(settings: Settings, update: bool = True):
    """The answer engine; update=True brings the index up to date first, with a progress bar."""
    return Engine.open(settings.knowledge_dir, settings.data_dir, settings.chroma_host, settings.chroma_port,
                       listener=tqdm_listener("Đang lập chỉ mục"), update=update,
                       embed_model=settings.ollama_embed_model, ollama_url=settings.ollama_base_url,
                       max_question_chars=settings.max_question_chars)


def open_service(settings: Settings):
    return AnswerService(open_engine(settings), settings.generator, settings.generation())


def build_services(settings: Settings, engine) -> Services:
    """engine: a retrieval Engine (wrapped per GENERATOR) or a ready answer service."""
    answers = AnswerService(engine, settings.generator, settings.generation()) if isinstance(engine, Engine) \
        else engine
    state = ChatState(settings.data_dir / "state.sqlite", timeout=settings.sqlite_timeout_s)
    subscriptions = Subscriptions(state)
    return Services(
        settings=settings, answers=answers, state=state, subscriptions=subscriptions,
        digests=DigestService(subscriptions, state, getattr(answers, "engine", None), settings.timezone),
        memory=ConversationMemory(settings.memory_turns, settings.memory_ttl_minutes * 60),
        limiter=UserRateLimiter(settings.rate_limit_per_minute),
        queue=AnswerQueue(settings.max_concurrent_answers, settings.max_queue),
        library=Library(settings.knowledge_dir, settings.data_dir, settings.max_upload_mb * 1024 * 1024))
