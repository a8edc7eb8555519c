# Two commands do all the set-up on a fresh machine (Python 3.10+ with pip and venv):
#   make demo   -> creates .venv, installs kg, builds the bundled sample into build/
#   make test   -> installs the dev extras into .venv and runs the tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip

.PHONY: demo test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet -e '.[dev]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/kg build data/samples -o build/

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest

clean:
	rm -rf build .pytest_cache
