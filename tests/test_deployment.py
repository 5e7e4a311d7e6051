"""docker-compose.yml wiring (no Docker engine here; `docker compose config` runs where one exists)."""

import shutil
import subprocess

import pytest
import yaml

from conftest import ROOT


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text("utf-8"))


def test_services_and_volumes(compose):
    assert set(compose["services"]) == {"ollama", "ollama-pull", "chroma", "bot"}
    assert set(compose["volumes"]) == {"ollama-models", "chroma-data", "bot-data"}
    assert "ollama-models:/root/.ollama" in compose["services"]["ollama"]["volumes"]
    assert compose["services"]["ollama"]["image"].startswith("ollama/ollama")
    assert compose["services"]["chroma"]["image"].startswith("chromadb/chroma")


def test_bot_points_at_the_ollama_and_chroma_services(compose):
    bot = compose["services"]["bot"]
    env = bot["environment"]
    assert env["OLLAMA_BASE_URL"] == "http://ollama:11434"
    assert env["CHROMA_HOST"] == "chroma" and env["CHROMA_PORT"] == "8000"
    assert env["DATA_DIR"] == "/data" and "bot-data:/data" in bot["volumes"]
    assert bot["env_file"] == ".env" and bot["build"] == "."
    assert bot["depends_on"] == {"ollama-pull": {"condition": "service_completed_successfully"},
                                 "chroma": {"condition": "service_healthy"}}


def test_every_long_running_service_has_a_health_check(compose):
    for name in ("ollama", "chroma", "bot"):
        assert compose["services"][name]["healthcheck"]["test"], name
    pull = compose["services"]["ollama-pull"]
    assert pull["depends_on"]["ollama"]["condition"] == "service_healthy"
    assert "ollama pull" in pull["command"][0] and pull["environment"]["OLLAMA_HOST"] == "http://ollama:11434"


def test_dockerfile_runs_the_bot_with_pinned_dependencies():
    text = (ROOT / "Dockerfile").read_text("utf-8")
    assert "pip install -c requirements.lock ." in text
    assert 'CMD ["python", "-m", "bot", "run"]' in text


@pytest.mark.skipif(shutil.which("docker") is None or subprocess.run(
    ["docker", "compose", "version"], capture_output=True).returncode != 0, reason="no docker compose here")
def test_docker_compose_config_is_valid(tmp_path):
    env = ROOT / ".env"
    created = not env.exists()
    if created:
        env.write_text("TELEGRAM_BOT_TOKEN=x\n")
    try:
        out = subprocess.run(["docker", "compose", "config", "-q"], cwd=ROOT, capture_output=True, text=True)
    finally:
        if created:
            env.unlink()
    assert out.returncode == 0, out.stderr
