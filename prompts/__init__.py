"""Prompt templates, loaded by name from this folder."""

from functools import lru_cache
from pathlib import Path

_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def load(name: str) -> str:
    """load("answer_system.vi") -> the text of prompts/answer_system.vi.txt"""
    return (_DIR / f"{name}.txt").read_text("utf-8")
