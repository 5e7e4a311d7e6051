FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml requirements.lock README.md ./
COPY bot ./bot
COPY retrieval ./retrieval
COPY prompts ./prompts
RUN pip install -c requirements.lock .
COPY knowledge ./knowledge
RUN useradd --create-home bot && mkdir -p /data && chown bot /data
USER bot
ENV DATA_DIR=/data KNOWLEDGE_DIR=/app/knowledge
# Build the index at start-up (fast when DATA_DIR already holds it), then long-poll Telegram.
CMD ["python", "-m", "bot", "run"]
