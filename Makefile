# Two entry points (see README): `make run` and `make test`. Both build .venv first.
PY ?= python3.12
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: setup run test lint bench docs clean chromium dashboard workshop

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/netsim compare top_down bottom_up hybrid --reps 10 --workers 2 --out results/default

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

# the browser tests drive Debian's Chromium; install it when missing (needs root)
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: lint chromium
	$(BIN)/python -m pytest -q

dashboard: setup
	$(BIN)/netsim dashboard

# a participatory workshop room; HOST=0.0.0.0 lets phones on the same network join
HOST ?= localhost
workshop: setup
	$(BIN)/netsim workshop --host $(HOST)

bench: setup
	$(BIN)/python benchmarks/bench_model.py

# the generated tables of docs/ODD.md, docs/scenarios.md and docs/experiments.md
docs: setup
	$(BIN)/python -m netsim docs

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
