# Two commands matter: `make run` (the bot on the demo data, and real data where it is at hand)
# and `make test` (the suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-dev

.PHONY: run test lint bench demo clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[dev,spark]'
	touch $(STAMP)

# The real OpenAlex networks and works sample are loaded beside the demo when ../shared/data
# (or $$COLLABBOT_SHARED_DATA) has them; without them `make run` runs on the demo alone.
run: $(STAMP)
	$(PY) -m bot data build-demo --if-missing
	$(PY) -m bot data load-shared --if-missing
	$(PY) -m bot run

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check bot queries data tests
	$(PY) -m ruff format --check bot queries data tests
	$(PY) -m mypy

bench: $(STAMP)
	$(PY) -m bot bench

clean:
	rm -rf $(VENV) .pytest_cache
