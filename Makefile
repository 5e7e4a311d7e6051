# Two entry points: `make run` (the bot) and `make test`. Both create .venv and install the
# pinned dependencies (requirements.lock) on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test ask eval bench clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c requirements.lock -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m bot run

test: $(STAMP)
	$(PY) -m pytest -q -n auto --dist loadfile  # one worker per core; a test file stays on one worker

ask: $(STAMP)
	$(PY) -m bot ask "$(Q)"

eval: $(STAMP)
	$(PY) -m bot eval

bench: $(STAMP)
	$(PY) -m bot bench

clean:
	rm -rf $(VENV) .data .pytest_cache
