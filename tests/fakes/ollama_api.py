"""A loopback fake of the Ollama HTTP API: /api/tags, /api/show, /api/chat (NDJSON streaming
or one JSON object), /api/embed. Replies are scripted per test."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable

from aiohttp import web


class FakeOllama:
    def __init__(self, model: str = "qwen2.5:7b-instruct"):
        self.models = [model]
        self.reply: Callable[[list[dict]], str] | str = "Không có dữ liệu [1]."
        self.token_delay = 0.0
        self.answer_seconds: tuple[float, float] | None = None  # total time per answer, uniform in range
        self.stall_after: int | None = None     # stop sending (but keep the connection) after N tokens
        self.stall_seconds = 30.0
        self.die_after: int | None = None       # drop the connection after N tokens
        self.requests: list[dict] = []
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/api/tags", self._tags)
        app.router.add_post("/api/show", self._show)
        app.router.add_post("/api/chat", self._chat)
        app.router.add_post("/api/embed", self._embed)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.base_url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    async def _tags(self, request):
        return web.json_response({"models": [
            {"name": m, "model": m, "modified_at": "2026-01-01T00:00:00Z", "size": 4_700_000_000,
             "digest": "0" * 64, "details": {"format": "gguf", "family": "qwen2", "parameter_size": "7.6B",
                                             "quantization_level": "Q4_K_M"}} for m in self.models]})

    async def _show(self, request):
        body = await request.json()
        if body.get("model") not in self.models:
            return web.json_response({"error": f"model '{body.get('model')}' not found"}, status=404)
        return web.json_response({"modelfile": "", "parameters": "", "template": "",
                                  "details": {"family": "qwen2"}, "model_info": {}, "capabilities": ["completion"]})

    def _text_for(self, messages: list[dict]) -> str:
        return self.reply(messages) if callable(self.reply) else self.reply

    async def _chat(self, request):
        body = await request.json()
        self.requests.append(body)
        model = body.get("model")
        if model not in self.models:
            return web.json_response({"error": f"model '{model}' not found, try pulling it first"}, status=404)
        text = self._text_for(body.get("messages", []))
        created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        if not body.get("stream", True):
            return web.json_response({"model": model, "created_at": created, "done": True, "done_reason": "stop",
                                      "message": {"role": "assistant", "content": text},
                                      "total_duration": 1, "eval_count": len(text.split())})
        response = web.StreamResponse(headers={"Content-Type": "application/x-ndjson"})
        await response.prepare(request)
        tokens = [t + " " for t in text.split(" ")]
        delay = self.token_delay
        if self.answer_seconds:
            import random
            delay = random.uniform(*self.answer_seconds) / max(1, len(tokens))
        for i, token in enumerate(tokens):
            if self.die_after is not None and i >= self.die_after:
                request.transport.close()  # the server process died mid-answer
                return response
            if self.stall_after is not None and i >= self.stall_after:
                await asyncio.sleep(self.stall_seconds)
                return response
            line = {"model": model, "created_at": created, "message": {"role": "assistant", "content": token},
                    "done": False}
            await response.write((json.dumps(line, ensure_ascii=False) + "\n").encode())
            if delay:
                await asyncio.sleep(delay)
        final = {"model": model, "created_at": created, "message": {"role": "assistant", "content": ""},
                 "done": True, "done_reason": "stop", "total_duration": 1, "eval_count": len(tokens)}
        await response.write((json.dumps(final) + "\n").encode())
        await response.write_eof()
        return response

    async def _embed(self, request):
        body = await request.json()
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        # deterministic toy vectors: enough to check wiring, not meaning
        vectors = [[(hash((t, i)) % 1000) / 1000 for i in range(8)] for t in inputs]
        return web.json_response({"model": body.get("model"), "embeddings": vectors})
