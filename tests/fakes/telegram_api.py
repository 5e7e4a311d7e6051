"""A loopback fake of the Telegram Bot API, speaking its HTTP protocol closely enough for
python-telegram-bot: long-polling getUpdates, form-encoded or multipart calls with JSON strings
for nested objects, getFile and file downloads, 429 flood control and HTML validation."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from html import unescape
from html.parser import HTMLParser

from aiohttp import web

ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
                "blockquote", "tg-spoiler", "span", "tg-emoji"}


class _TagChecker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.error = ""
        self.visible = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.error = self.error or f"unsupported start tag \"{tag}\""
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.error = self.error or f"can't find end tag corresponding to start tag \"{tag}\""
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.visible.append(data)


def check_html(text: str) -> tuple[str, str]:
    """(error, visible text) as Telegram would judge the markup."""
    checker = _TagChecker()
    checker.feed(text)
    checker.close()
    if checker.stack and not checker.error:
        checker.error = f"can't find end tag corresponding to start tag \"{checker.stack[-1]}\""
    return checker.error, unescape("".join(checker.visible))


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class FakeTelegram:
    def __init__(self, token: str = "123456:TEST-TOKEN", bot_username: str = "vn_docs_bot"):
        self.token = token
        self.bot = {"id": 123456, "is_bot": True, "first_name": "Trợ lý", "username": bot_username}
        self.updates: list[dict] = []
        self.calls: list[tuple[str, dict]] = []
        self.sent: list[dict] = []          # messages the bot successfully sent
        self.edits: list[tuple[float, dict]] = []
        self.files: dict[str, bytes] = {}
        self.failures: dict[str, list[tuple[int, int]]] = {}
        self._ids = itertools.count(1000)
        self._update_ids = itertools.count(1)
        self._new_updates = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.chat_members: dict[tuple[int, int], str] = {}
        self.migrated: dict[int, int] = {}   # group id -> supergroup id: sends to the old id fail
        self.base_url = ""

    # -- lifecycle ---------------------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.*}", self._file)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        self.base_url = f"http://127.0.0.1:{port}/bot"

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    # -- test controls -------------------------------------------------------------------------------
    def fail_next(self, method: str, status: int, retry_after: int = 0, times: int = 1) -> None:
        self.failures.setdefault(method, []).extend([(status, retry_after)] * times)

    def push(self, **update) -> dict:
        update["update_id"] = next(self._update_ids)
        self.updates.append(update)
        self._new_updates.set()
        return update

    def message(self, text: str, chat_id: int = 1, user_id: int = 1, chat_type: str = "private",
                thread_id: int | None = None, reply_to: dict | None = None, entities: list | None = None,
                document: dict | None = None) -> dict:
        msg = {"message_id": next(self._ids), "date": int(time.time()),
               "chat": {"id": chat_id, "type": chat_type, **({"title": "Nhóm"} if chat_type != "private" else {"first_name": "A"})},
               "from": {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}}
        if text is not None:
            msg["text"] = text
        if thread_id is not None:
            msg.update(message_thread_id=thread_id, is_topic_message=True)
            msg["chat"]["is_forum"] = True
        if reply_to is not None:
            msg["reply_to_message"] = reply_to
        if entities:
            msg["entities"] = entities
        if document:
            msg["document"] = document
        self.push(message=msg)
        return msg

    def command(self, text: str, **kw) -> dict:
        command = text.split()[0]
        return self.message(text, entities=[{"type": "bot_command", "offset": 0, "length": len(command)}], **kw)

    def press(self, message: dict, data: str, user_id: int = 1) -> None:
        self.push(callback_query={"id": str(next(self._ids)), "chat_instance": "ci", "data": data,
                                  "from": {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"},
                                  "message": message})

    def replies_to(self, message_id: int) -> list[dict]:
        return [m for m in self.sent if (m.get("reply_to_message") or {}).get("message_id") == message_id]

    def answers_to(self, message_id: int) -> list[dict]:
        """Replies to a question other than queue notices."""
        return [m for m in self.replies_to(message_id) if not m["text"].startswith("Đang có nhiều câu hỏi")]

    def calls_to(self, method: str) -> list[dict]:
        return [params for name, params in self.calls if name == method]

    async def wait_for(self, predicate, timeout: float = 30.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = predicate()
            if result:
                return result
            await asyncio.sleep(0.05)
        raise AssertionError(f"condition not met within {timeout} s")

    # -- protocol --------------------------------------------------------------------------------------
    async def _params(self, request: web.Request) -> dict:
        params = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                params.update(await request.json())
            else:
                form = await request.post()
                for key, value in form.items():
                    params[key] = value if not hasattr(value, "file") else value.file.read()
        for key, value in list(params.items()):
            if isinstance(value, str) and value[:1] in "[{":
                try:
                    params[key] = json.loads(value)
                except ValueError:
                    pass
        return params

    def _ok(self, result) -> web.Response:
        return web.json_response({"ok": True, "result": result})

    def _error(self, code: int, description: str, retry_after: int = 0) -> web.Response:
        body = {"ok": False, "error_code": code, "description": description}
        if retry_after:
            body["parameters"] = {"retry_after": retry_after}
        return web.json_response(body, status=code)

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return self._error(401, "Unauthorized")
        method = request.match_info["method"]
        params = await self._params(request)
        self.calls.append((method, params))
        if self.failures.get(method):
            status, retry_after = self.failures[method].pop(0)
            if status == 429:
                return self._error(429, f"Too Many Requests: retry after {retry_after}", retry_after)
            return self._error(status, "Bad Gateway" if status == 502 else "Error")
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return self._ok(True)
        return await handler(params)

    async def _m_getMe(self, params):
        return self._ok({**self.bot, "can_join_groups": True, "can_read_all_group_messages": False,
                         "supports_inline_queries": False})

    async def _m_getUpdates(self, params):
        offset = int(params.get("offset") or 0)
        self.updates = [u for u in self.updates if u["update_id"] >= offset]
        if not self.updates:
            self._new_updates.clear()
            try:  # long polling: wait for news, but never long (tests bound every wait)
                await asyncio.wait_for(self._new_updates.wait(), min(float(params.get("timeout") or 0), 1.0))
            except asyncio.TimeoutError:
                pass
        limit = int(params.get("limit") or 100)
        return self._ok(self.updates[:limit])

    def _validate_text(self, params) -> web.Response | None:
        text = params.get("text", "")
        visible = text
        if params.get("parse_mode") == "HTML":
            error, visible = check_html(text)
            if error:
                return self._error(400, f"Bad Request: can't parse entities: {error}")
        if not visible.strip():
            return self._error(400, "Bad Request: message text is empty")
        if utf16_len(visible) > 4096:
            return self._error(400, "Bad Request: message is too long")
        return None

    async def _m_sendMessage(self, params):
        if (problem := self._validate_text(params)) is not None:
            return problem
        chat_id = int(params["chat_id"])
        if chat_id in self.migrated:
            return web.json_response({"ok": False, "error_code": 400, "parameters": {
                "migrate_to_chat_id": self.migrated[chat_id]},
                "description": "Bad Request: group chat was upgraded to a supergroup chat"}, status=400)
        msg = {"message_id": next(self._ids), "date": int(time.time()), "from": self.bot,
               "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
               "text": params["text"], "_sent_at": time.monotonic()}
        for key in ("parse_mode", "reply_markup", "message_thread_id"):
            if key in params:
                msg[key] = params[key]
        reply = params.get("reply_parameters")
        if reply:
            msg["reply_to_message"] = {"message_id": int(reply["message_id"]), "date": 0,
                                       "chat": msg["chat"]}
        self.sent.append(msg)
        public = {k: v for k, v in msg.items() if k not in ("parse_mode", "message_thread_id", "_sent_at")}
        if "message_thread_id" in msg:
            public.update(message_thread_id=int(msg["message_thread_id"]), is_topic_message=True)
        return self._ok(public)

    async def _m_editMessageText(self, params):
        if (problem := self._validate_text(params)) is not None:
            return problem
        self.edits.append((time.monotonic(), params))
        for msg in self.sent:
            if msg["message_id"] == int(params["message_id"]):
                msg["text"] = params["text"]
                for key in ("reply_markup", "parse_mode"):
                    if key in params:
                        msg[key] = params[key]
                    else:
                        msg.pop(key, None)
                return self._ok({k: v for k, v in msg.items()
                                 if k not in ("parse_mode", "message_thread_id", "_sent_at")})
        return self._error(400, "Bad Request: message to edit not found")

    async def _m_getFile(self, params):
        file_id = params["file_id"]
        if file_id not in self.files:
            return self._error(400, "Bad Request: invalid file_id")
        return self._ok({"file_id": file_id, "file_unique_id": file_id, "file_size": len(self.files[file_id]),
                         "file_path": f"documents/{file_id}"})

    async def _file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        file_id = request.match_info["path"].split("/")[-1]
        if file_id not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[file_id])

    async def _m_getChatMember(self, params):
        status = self.chat_members.get((int(params["chat_id"]), int(params["user_id"])), "member")
        member = {"status": status, "user": {"id": int(params["user_id"]), "is_bot": False, "first_name": "U"}}
        if status == "administrator":
            member.update({flag: True for flag in (
                "can_be_edited", "is_anonymous", "can_manage_chat", "can_delete_messages", "can_manage_video_chats",
                "can_restrict_members", "can_promote_members", "can_change_info", "can_invite_users",
                "can_post_stories", "can_edit_stories", "can_delete_stories")})
        if status == "creator":
            member["is_anonymous"] = False
        return self._ok(member)
