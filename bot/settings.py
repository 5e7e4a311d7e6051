"""All configuration, read once from the environment and .env (see .env.example)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from typing_extensions import Annotated

from retrieval.generation_settings import GenerationSettings
from retrieval.query import MAX_QUESTION_CHARS


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: str = ""
    telegram_base_url: str = "https://api.telegram.org/bot"
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    knowledge_dir: Path = Path("knowledge")
    data_dir: Path = Path(".data")
    ollama_base_url: str = GenerationSettings.base_url
    ollama_model: str = GenerationSettings.model
    generator: str = Field("auto", pattern="^(auto|ollama|extractive)$")
    ollama_temperature: float = GenerationSettings.temperature
    ollama_num_ctx: int = GenerationSettings.num_ctx
    ollama_num_predict: int = GenerationSettings.num_predict
    ollama_connect_timeout_s: float = GenerationSettings.connect_timeout_s
    ollama_stall_timeout_s: float = GenerationSettings.stall_timeout_s
    ollama_total_timeout_s: float = GenerationSettings.total_timeout_s
    ollama_health_interval_s: float = GenerationSettings.health_interval_s
    ollama_embed_model: str = ""   # e.g. bge-m3; empty = the bundled multilingual-e5-small
    chroma_host: str = ""
    chroma_port: int = 8000
    timezone: str = "Asia/Ho_Chi_Minh"

    # Telegram behaviour
    rate_limit_per_minute: int = 6
    max_question_chars: int = MAX_QUESTION_CHARS
    max_upload_mb: int = 20
    sqlite_timeout_s: float = 5.0
    max_concurrent_answers: int = 4
    max_queue: int = 200
    queue_notice_after_s: float = 10.0   # tell a waiting user their place in line after this long
    memory_turns: int = 3
    memory_ttl_minutes: int = 30
    webhook_url: str = ""
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _parse_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]
            try:
                return frozenset(int(p) for p in parts)
            except ValueError:
                raise ValueError(f"ADMIN_IDS must be comma-separated numeric Telegram user ids, got {value!r}") from None
        return value

    def generation(self) -> GenerationSettings:
        return GenerationSettings(
            base_url=self.ollama_base_url, model=self.ollama_model, temperature=self.ollama_temperature,
            num_ctx=self.ollama_num_ctx, num_predict=self.ollama_num_predict,
            connect_timeout_s=self.ollama_connect_timeout_s, stall_timeout_s=self.ollama_stall_timeout_s,
            total_timeout_s=self.ollama_total_timeout_s, health_interval_s=self.ollama_health_interval_s)

    @property
    def telegram_file_url(self) -> str:
        return self.telegram_base_url.replace("/bot", "/file/bot", 1)
