"""Admin commands: /reload, document upload, /remove — with confirmations and reports."""

from __future__ import annotations

import asyncio
import html
import logging
import secrets

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType, ParseMode
from telegram.ext import ContextTypes

from bot import render, texts
from bot.services import is_admin, services
from retrieval.loading import LoadError

log = logging.getLogger(__name__)


async def _refuse_non_admin(update: Update, context: ContextTypes.DEFAULT_TYPE, action: str) -> bool:
    user = update.effective_user
    if is_admin(context, user.id if user else None):
        return False
    log.warning("non-admin %s attempted %s", user.id if user else "?", action)
    await update.effective_message.reply_text(texts.NOT_ADMIN)
    return True


async def _reload_and_report(update: Update, context: ContextTypes.DEFAULT_TYPE, focus: str | None = None):
    svc = services(context)
    if svc.admin_lock.locked():
        await update.effective_message.reply_text(texts.RELOAD_BUSY)
    async with svc.admin_lock:
        report = await asyncio.to_thread(svc.answers.engine.reload)
    text = render.reload_report_text(report)
    gen = svc.answers.generation
    if focus and gen and focus in gen.docs:
        doc = gen.docs[focus]
        text = render.document_summary(doc.meta, len(doc.chunks)) + "\n\n" + text
    await update.effective_message.reply_text(text, parse_mode=ParseMode.HTML)
    return report


async def on_reload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/reload (admins): rescan KNOWLEDGE_DIR and report what changed."""
    if await _refuse_non_admin(update, context, "/reload"):
        return
    await _reload_and_report(update, context)


def _confirm_keyboard(kind: str, token: str, yes: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(yes, callback_data=f"{kind}:yes:{token}"),
                                  InlineKeyboardButton(texts.CANCEL, callback_data=f"{kind}:no:{token}")]])


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An admin sends a file in a private chat: validate, save, index, report."""
    message = update.effective_message
    if message.chat.type != ChatType.PRIVATE or await _refuse_non_admin(update, context, "upload"):
        return
    svc = services(context)
    document = message.document
    limit = svc.library.max_bytes
    if document.file_size and document.file_size > limit:
        await message.reply_text(texts.UPLOAD_REJECTED.format(name=html.escape(document.file_name or "?"),
                                 reason=f"tệp quá lớn (tối đa {limit // 1024 // 1024} MB)"), parse_mode=ParseMode.HTML)
        return
    data = bytes(await (await document.get_file()).download_as_bytearray())
    try:
        pending = await asyncio.to_thread(svc.library.prepare, document.file_name or "tai-lieu.txt", data)
    except LoadError as exc:
        await message.reply_text(texts.UPLOAD_REJECTED.format(name=html.escape(document.file_name or "?"),
                                                              reason=html.escape(str(exc))), parse_mode=ParseMode.HTML)
        return
    if await asyncio.to_thread(svc.library.exists, pending):
        token = secrets.token_hex(6)
        context.bot_data.setdefault("pending_uploads", {})[token] = pending
        await message.reply_text(texts.UPLOAD_OVERWRITE.format(name=html.escape(pending.stored_name)),
                                 parse_mode=ParseMode.HTML, reply_markup=_confirm_keyboard("up", token, texts.OVERWRITE))
        return
    await _commit_upload(update, context, pending)


async def _commit_upload(update: Update, context: ContextTypes.DEFAULT_TYPE, pending) -> None:
    svc = services(context)
    await asyncio.to_thread(svc.library.commit, pending)
    note = f" ({pending.extracted.note})" if pending.extracted.note else ""
    await update.effective_message.reply_text(texts.UPLOAD_SAVED.format(name=html.escape(pending.stored_name),
                                                                        note=html.escape(note)), parse_mode=ParseMode.HTML)
    await _reload_and_report(update, context, focus=pending.stored_name)


async def on_remove(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/remove <document> (admins): asks for confirmation first."""
    if await _refuse_non_admin(update, context, "/remove"):
        return
    svc = services(context)
    name = " ".join(context.args or []).strip()
    docs = await asyncio.to_thread(svc.library.documents)
    target = _resolve(name, docs)
    if target is None:
        listing = "\n".join(f"{i}. {html.escape(d)}" for i, d in enumerate(docs, 1))
        await update.effective_message.reply_text(texts.REMOVE_USAGE.format(docs=listing), parse_mode=ParseMode.HTML)
        return
    token = secrets.token_hex(6)
    context.bot_data.setdefault("pending_removals", {})[token] = target
    await update.effective_message.reply_text(texts.REMOVE_CONFIRM.format(name=html.escape(target)),
                                              parse_mode=ParseMode.HTML,
                                              reply_markup=_confirm_keyboard("rm", token, texts.REMOVE))


def _resolve(name: str, docs: list[str]) -> str | None:
    if not name:
        return None
    if name.isdigit() and 1 <= int(name) <= len(docs):
        return docs[int(name) - 1]
    return name if name in docs else None


async def on_confirm(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Buttons under an overwrite or removal question."""
    query = update.callback_query
    if not is_admin(context, query.from_user.id):
        await query.answer(texts.NOT_ADMIN)
        return
    kind, answer, token = (query.data.split(":") + ["", ""])[:3]
    store = context.bot_data.get("pending_uploads" if kind == "up" else "pending_removals", {})
    item = store.pop(token, None) if token else None
    await query.answer()
    if item is None:
        await query.edit_message_text(texts.EXPIRED)
        return
    if answer != "yes":
        await query.edit_message_text(texts.CANCELLED)
        return
    await query.edit_message_reply_markup(None)
    if kind == "up":
        await _commit_upload(update, context, item)
    else:
        await asyncio.to_thread(services(context).library.remove, item)
        await _reload_and_report(update, context)
