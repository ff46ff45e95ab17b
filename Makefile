# Two entry points (see README): `make run` and `make test`. Both build .venv first.
PY ?= python3.12
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: setup run test lint bench docs clean

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

test: lint
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python benchmarks/bench_model.py

docs: setup
	$(BIN)/python -m netsim.docs
	$(BIN)/python -c "from netsim.scenarios import write_reference; write_reference()"
	$(BIN)/python -c "from netsim.experiments import write_reference; write_reference()"

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
