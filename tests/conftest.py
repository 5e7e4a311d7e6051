"""Shared fixtures: one index of the shipped knowledge built per test session, and cheap
copies of its embedding cache for tests that need their own data directory."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    """No test reads the developer's .env or .data, or reaches a real service."""
    monkeypatch.chdir(tmp_path)
    for key in list(os.environ):
        if key.startswith(("TELEGRAM_", "OLLAMA_", "CHROMA_", "ADMIN_", "GENERATOR")):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / ".data"))
    monkeypatch.setenv("KNOWLEDGE_DIR", str(KNOWLEDGE))


@pytest.fixture(scope="session")
def shared_data_dir(tmp_path_factory) -> Path:
    """DATA_DIR with the shipped knowledge indexed (built once: embedding is the slow part)."""
    from retrieval.engine import Engine

    data = tmp_path_factory.mktemp("shared-data")
    Engine.open(KNOWLEDGE, data)
    return data


@pytest.fixture(scope="session")
def engine(shared_data_dir):
    from retrieval.engine import Engine

    return Engine.open(KNOWLEDGE, shared_data_dir)


@pytest.fixture
def fresh_data_dir(tmp_path, shared_data_dir) -> Path:
    """An empty DATA_DIR that already knows the embeddings of the shipped texts."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(shared_data_dir / "embeddings.sqlite", data / "embeddings.sqlite")
    return data


@pytest.fixture
def knowledge_copy(tmp_path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target
