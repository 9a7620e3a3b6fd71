# Two commands do all set-up on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test lint bench audit validate schema serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,lint]'
	touch $(STAMP)

site: $(STAMP)  ## validate vendors/, build the site into site/ and the offline bundle into dist/
	$(BIN)/site-builder validate vendors/
	$(BIN)/site-builder build --bundle dist

test: $(STAMP)  ## run every test; set-up: the Python packages, then the other test tools (.ci/test-tools)
	.ci/test-tools
	$(BIN)/python -m pytest

lint: $(STAMP)  ## ruff (lint and format), import-linter (the pipeline's layers), mypy (types)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

bench: $(STAMP)  ## benchmarks, with a baseline in the same run
	$(BIN)/python -m bench

audit: $(STAMP)  ## Lighthouse (mobile) on a fresh build: home, matrix, a vendor page; fails under the targets
	.ci/test-tools
	$(BIN)/python -m bench.audit

validate: $(STAMP)
	$(BIN)/site-builder validate vendors/

schema: $(STAMP)
	$(BIN)/site-builder schema

serve: $(STAMP)
	$(BIN)/site-builder serve

clean:
	rm -rf site dist .pytest_cache node_modules
