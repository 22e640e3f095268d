# Two commands on a fresh clone:
#   make demo   set everything up, load a sample into the default warehouse, show it
#   make test   set everything up and run the tests (what CI runs)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: setup
	$(BIN)/moneytrail demo

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

bench: setup
	$(BIN)/python -c "import fastfec" 2>/dev/null || $(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/bench_load.py
	$(BIN)/python bench/bench_efile.py --repeat 3

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache bench/out
