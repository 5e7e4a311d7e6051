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
def shared_data_dir(tmp_path_factory, worker_id) -> Path:
    """DATA_DIR with the shipped knowledge indexed (built once per worker; embedding is the slow part,
    so under xdist the first worker embeds and the others start from a copy of its cache)."""
    from retrieval.engine import Engine

    data = tmp_path_factory.mktemp("shared-data")
    if worker_id != "master":
        _copy_shared_embeddings(tmp_path_factory.getbasetemp().parent, data)
    Engine.open(KNOWLEDGE, data)
    return data


def _copy_shared_embeddings(root: Path, data: Path) -> None:
    from filelock import FileLock

    from retrieval.engine import Engine

    cache = root / "embeddings.sqlite"
    with FileLock(f"{cache}.lock"):
        if not cache.exists():
            build = root / "embedding-build"
            Engine.open(KNOWLEDGE, build)
            shutil.copy(build / "embeddings.sqlite", root / "embeddings.partial")
            os.replace(root / "embeddings.partial", cache)
    shutil.copy(cache, data / "embeddings.sqlite")


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


# -- Telegram end-to-end ---------------------------------------------------------------------------
@pytest.fixture
async def telegram():
    from fakes.telegram_api import FakeTelegram

    fake = FakeTelegram()
    await fake.start()
    yield fake
    await fake.stop()


class FakeEngine:
    """Canned answers for handler tests that are not about retrieval."""

    def __init__(self, answer=None, delay: float = 0.0):
        from retrieval.models import Answer

        self._answer = answer or Answer("answered", "Câu trả lời mẫu [1]")
        self.delay = delay
        self.generation = None
        self.streams = False
        self.questions: list[tuple[str, str]] = []

    def answer(self, question: str, context: str = ""):
        import time as _time

        self.questions.append((question, context))
        if self.delay:
            _time.sleep(self.delay)
        return self._answer


@pytest.fixture
async def make_bot(telegram, tmp_path):
    """Start the real PTB Application against the fake Bot API; stopped after the test."""
    from bot.app import build_app, build_services
    from bot.settings import Settings

    started = []

    async def start(engine, data_dir=None, **overrides):
        values = dict(telegram_bot_token=telegram.token, telegram_base_url=telegram.base_url,
                      data_dir=data_dir or tmp_path / "botdata", knowledge_dir=KNOWLEDGE, admin_ids=frozenset({42}))
        settings = Settings(**{**values, **overrides})
        svc = build_services(settings, engine)
        app = build_app(settings, engine, svc)
        await app.initialize()
        await app.post_init(app)
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        started.append(app)
        return app

    async def stop(app):
        if app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        app.bot_data["services"].state.close()
        started.remove(app)

    start.stop = stop
    yield start
    for app in list(started):
        await stop(app)


@pytest.fixture
async def ollama():
    from fakes.ollama_api import FakeOllama

    fake = FakeOllama()
    fake.reply = cite_first_excerpt
    await fake.start()
    yield fake
    await fake.stop()


def cite_first_excerpt(messages) -> str:
    """A well-behaved model: restates the first sentence of excerpt [1] and cites it."""
    import re

    user = messages[-1]["content"]
    first = re.search(r"\[1\] \([^)]*\) (.+?[.!?])(\s|$)", user, re.S)
    return f"Theo tài liệu, {first.group(1)} [1]" if first else "KHÔNG TÌM THẤY"


# -- a real Chroma server (chromadb ships it) ------------------------------------------------------
def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout: float, what: str, interval: float = 0.1):
    """Poll a condition until it holds (bounded); returns its value."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := predicate():
            return result
        time.sleep(interval)
    raise AssertionError(f"{what}: not within {timeout} s")


@pytest.fixture
def chroma_server(tmp_path):
    """`chroma run` on a free loopback port; yields (host, port); stopped after the test."""
    import subprocess
    import sys
    import urllib.request

    port = free_port()
    chroma = Path(sys.executable).with_name("chroma")
    log = open(tmp_path / "chroma-server.log", "wb")
    proc = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path / "chroma-server"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)

    def up() -> bool:
        assert proc.poll() is None, (tmp_path / "chroma-server.log").read_text(errors="replace")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1) as resp:
                return resp.status == 200
        except OSError:
            return False

    try:
        wait_until(up, 60, "chroma server heartbeat")
        yield "127.0.0.1", port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()
