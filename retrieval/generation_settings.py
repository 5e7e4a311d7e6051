"""What shapes generation by the local model, with the defaults the bot's Settings start from."""

from __future__ import annotations

from dataclasses import dataclass

import httpx


@dataclass(frozen=True)
class GenerationSettings:
    """Everything that shapes generation, in one place (documented in the README)."""

    base_url: str = "http://localhost:11434"
    model: str = "qwen2.5:7b-instruct"
    temperature: float = 0.1
    num_ctx: int = 4096
    num_predict: int = 400
    connect_timeout_s: float = 1.0
    stall_timeout_s: float = 20.0     # no token for this long = the stream is broken
    total_timeout_s: float = 90.0
    health_interval_s: float = 30.0

    def timeout(self) -> httpx.Timeout:
        return httpx.Timeout(self.total_timeout_s, connect=self.connect_timeout_s, read=self.stall_timeout_s)
