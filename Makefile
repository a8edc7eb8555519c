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

# N3.js for the conformance tests (tests/js): installed from package-lock.json when npm
# is present; without it those tests skip locally (and fail under CI=true).
JS_DEPS := $(if $(shell command -v npm 2>/dev/null),tests/js/node_modules/.package-lock.json)

tests/js/node_modules/.package-lock.json: tests/js/package.json tests/js/package-lock.json
	cd tests/js && npm ci --silent --no-audit --no-fund

test: $(JS_DEPS)
