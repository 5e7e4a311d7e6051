"""The python-telegram-bot Application: handlers, jobs and start-up, from settings and services."""

from __future__ import annotations

import asyncio
import logging
import re
import threading
import time

from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.error import TelegramError
from telegram.ext import (Application, ApplicationBuilder, CallbackQueryHandler,
                          CommandHandler, MessageHandler, filters)

from bot import admin, digest_handlers, handlers, texts
from bot.telegram_io import RetryingRateLimiter
from bot.services import Services
from bot.settings import Settings
from bot.wiring import build_services, open_engine

log = logging.getLogger(__name__)
COMMAND_HEADROOM = 16
# docker-compose.yml's health check wants DATA_DIR/heartbeat younger than 2 minutes: keep well inside
HEARTBEAT_INTERVAL_S = 30


class RedactToken(logging.Filter):
    """Never let the bot token reach a log line (URLs of Bot API calls contain it)."""

    def __init__(self, token: str):
        super().__init__()
        self._pattern = re.compile(re.escape(token)) if token else None

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._pattern:
            return True
        message = record.getMessage()
        if self._pattern.search(message):
            record.msg, record.args = self._pattern.sub("<TOKEN>", message), None
        if record.exc_info:  # tracebacks quote URLs too: format them now, redacted
            record.exc_text = self._pattern.sub("<TOKEN>", logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        if record.stack_info:
            record.stack_info = self._pattern.sub("<TOKEN>", record.stack_info)
        return True


def install_redaction(token: str) -> None:
    redactor = RedactToken(token)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)


async def _heartbeat(context) -> None:
    """Lets the container health check see that the bot is alive."""
    path = context.bot_data["services"].settings.data_dir / "heartbeat"
    await asyncio.to_thread(path.write_text, str(int(time.time())))


async def _post_init(app: Application) -> None:
    svc: Services = app.bot_data["services"]
    await app.bot.set_my_commands([BotCommand(c, d) for c, d in texts.COMMANDS])
    for admin_id in svc.settings.admin_ids:
        try:  # admins also see the admin commands in their private chat's menu
            await app.bot.set_my_commands([BotCommand(c, d) for c, d in texts.COMMANDS + texts.ADMIN_COMMANDS],
                                          scope=BotCommandScopeChat(admin_id))
        except TelegramError as exc:
            log.warning("could not set admin commands for %s: %s", admin_id, exc)
    svc.username = app.bot.username
    gen = svc.answers.generation
    describe = getattr(svc.answers, "describe", lambda: "custom")
    log.info("bot @%s ready: %d documents, %d chunks indexed, generator %s", app.bot.username,
             len(gen.docs) if gen else 0, len(gen.chunks) if gen else 0, await asyncio.to_thread(describe))


def build_app(settings: Settings, engine, svc: Services | None = None) -> Application:
    svc = svc or build_services(settings, engine)
    app = (ApplicationBuilder().token(settings.telegram_bot_token)
           .base_url(settings.telegram_base_url).base_file_url(settings.telegram_file_url)
           .rate_limiter(RetryingRateLimiter(max_retries=5))
           # every waiting question holds a place in AnswerQueue (which answers BUSY when it is full),
           # plus room for commands and button presses meanwhile
           .concurrent_updates(settings.max_concurrent_answers + settings.max_queue + COMMAND_HEADROOM)
           .post_init(_post_init).build())
    app.bot_data["services"] = svc
    app.add_handler(CommandHandler("start", handlers.on_start))
    app.add_handler(CommandHandler("help", handlers.on_help))
    app.add_handler(CommandHandler("ask", handlers.on_ask))
    app.add_handler(CommandHandler("docs", handlers.on_docs))
    app.add_handler(CommandHandler("forget", handlers.on_forget))
    app.add_handler(CommandHandler("stats", handlers.on_stats))
    app.add_handler(CommandHandler("reload", admin.on_reload))
    app.add_handler(CommandHandler("remove", admin.on_remove))
    app.add_handler(MessageHandler(filters.Document.ALL, admin.on_document))
    app.add_handler(CommandHandler("subscribe", digest_handlers.on_subscribe))
    app.add_handler(CommandHandler("unsubscribe", digest_handlers.on_unsubscribe))
    app.add_handler(CommandHandler("digest", digest_handlers.on_digest))
    app.add_handler(CommandHandler("subscriptions", digest_handlers.on_subscriptions))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, digest_handlers.on_migrate))
    app.add_handler(CallbackQueryHandler(handlers.on_feedback, pattern=r"^fb:"))
    app.add_handler(CallbackQueryHandler(admin.on_confirm, pattern=r"^(up|rm):"))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, handlers.on_text))
    app.add_error_handler(handlers.on_error)
    if app.job_queue:
        app.job_queue.run_repeating(_heartbeat, interval=HEARTBEAT_INTERVAL_S, first=1, name="heartbeat")
        if svc.digests.engine is not None:
            digest_handlers.restore(app)
    return app


def start_index(engine, stop: threading.Event | None = None) -> threading.Thread:
    """Bring the index up to date in the background: the bot polls at once and answers from the
    previous generation meanwhile (or says how far the first build is); it then follows CURRENT,
    also when a reload runs from the shell or another host."""
    def build() -> None:
        try:
            engine.reload()
        except Exception:
            log.exception("building the index failed; answering from the previous generation, if any")
    engine.watch(stop or threading.Event())
    thread = threading.Thread(target=build, name="index-build", daemon=True)
    thread.start()
    return thread


def run(settings: Settings) -> None:
    install_redaction(settings.telegram_bot_token)
    engine = open_engine(settings, update=False)
    svc = build_services(settings, engine)
    start_index(engine)
    app = build_app(settings, engine, svc)
    if settings.webhook_url:
        app.run_webhook(listen=settings.webhook_listen, port=settings.webhook_port, url_path="telegram",
                        webhook_url=settings.webhook_url.rstrip("/") + "/telegram",
                        allowed_updates=Update.ALL_TYPES)
    else:
        app.run_polling(allowed_updates=Update.ALL_TYPES)
