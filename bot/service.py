"""Which generator answers: GENERATOR=extractive, ollama, or auto (Ollama when it is up)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from retrieval.engine import Engine
from retrieval.generation import GroundedGenerator, with_note
from retrieval.generation_settings import GenerationSettings
from retrieval.models import Answer

log = logging.getLogger(__name__)


class AnswerService:
    def __init__(self, engine: Engine, mode: str = "extractive", generation: GenerationSettings | None = None):
        self.engine, self.mode = engine, mode
        self.generator = GroundedGenerator(engine, generation or GenerationSettings()) \
            if mode != "extractive" else None

    @property
    def generation(self):
        return self.engine.generation

    def active_generator(self) -> GroundedGenerator | None:
        if self.generator is None:
            return None
        ok, reason = self.generator.health.status()
        if self.mode == "ollama" or ok:
            return self.generator
        return None

    def describe(self) -> str:
        if self.generator is None:
            return "extractive"
        ok, reason = self.generator.health.status()
        return f"{self.mode}: Ollama {self.generator.settings.model} — {reason}"

    def answer(self, question: str, context: str = "") -> Answer:
        started = time.perf_counter()
        generator = self.active_generator()
        if generator is not None:
            result = generator.answer(question, context)
        else:
            prepared = self.engine.prepare(question, context)
            result = self._fallback(prepared)
        result.latency_ms = (time.perf_counter() - started) * 1000
        return result

    def _fallback(self, prepared) -> Answer:
        """The model is configured but unavailable: say so where it would have phrased the answer."""
        if self.generator is not None and self.generator.needs_model(prepared):
            return with_note(prepared.answer, prepared)
        return prepared.answer

    @property
    def streams(self) -> bool:
        return self.generator is not None

    async def stream(self, question: str, context: str,
                     on_draft: Callable[[str], Awaitable[None]]) -> Answer:
        """Like answer(), calling on_draft with the growing model text while it is generated."""
        started = time.perf_counter()
        prepared = await asyncio.to_thread(self.engine.prepare, question, context)
        generator = await asyncio.to_thread(self.active_generator)
        if generator is None:
            result = self._fallback(prepared)
        elif not generator.needs_model(prepared):
            result = prepared.answer
        else:
            draft, error = "", None
            try:
                async for draft in generator.astream(prepared, context):
                    await on_draft(draft)
            except Exception as exc:  # down, stalled, or broke halfway: finish with the extract
                error = exc
            result = await asyncio.to_thread(generator.settle, prepared, None if error else draft, error)
        result.latency_ms = (time.perf_counter() - started) * 1000
        return result
