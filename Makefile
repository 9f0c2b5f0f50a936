# RusToK developer commands. `make demo` and `make test` set up everything they need.
#
# The virtualenv lives in .venv/ and is (re)installed whenever pyproject.toml changes:
# .venv/.installed is the stamp. Use another interpreter with `make test PYTHON=python3.12`.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Folders that exist in this checkout (bench/ and modules/ may be empty early on).
LINT_PATHS := $(wildcard app modules tests migrations bench)
PYTEST_ARGS ?=

.PHONY: help venv demo test lint typecheck contracts schema ci clean

help: ## Show the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@py=$(PYTHON); if [ -x $(BIN)/python ]; then py=$(BIN)/python; fi; \
	$$py -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "error: RusToK needs Python 3.11 or newer; '$$py' is" \
	       "$$($$py --version 2>/dev/null || echo 'not found')." >&2; \
	  echo "       Install Python 3.11+ or name one: rm -rf $(VENV); make $(or $(MAKECMDGOALS),test) PYTHON=python3.12" >&2; \
	  exit 1; }
	@test -x $(BIN)/python || { echo "creating $(VENV) with $$($(PYTHON) --version)"; $(PYTHON) -m venv $(VENV); }
	@echo "installing rustok and its dev tools into $(VENV) (first run, or pyproject.toml changed)"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP) ## Create .venv and install rustok with its dev tools (idempotent).

demo: $(STAMP) ## Migrate ./var/rustok.db, create the demo tenant, serve http://127.0.0.1:8000/graphql.
	$(BIN)/rustok demo

test: $(STAMP) ## Run the test suite (SQLite; PostgreSQL/Redis tests skip unless configured).
	@$(BIN)/pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "error: pytest collected no tests; that is a failure" >&2; fi; \
	exit $$status

lint: $(STAMP) ## ruff check and ruff format --check.
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)

typecheck: $(STAMP) ## mypy --strict (configured in pyproject.toml).
	$(BIN)/mypy

contracts: $(STAMP) ## import-linter layering contracts.
	$(BIN)/lint-imports

schema: $(STAMP) ## Re-export schema.graphql from the installed modules.
	RUSTOK_DEBUG=1 $(BIN)/rustok schema export --output schema.graphql

ci: ## Run the CI script (starts PostgreSQL and Redis if needed).
	bash .ci/run

clean: ## Remove the virtualenv and tool caches (keeps ./var).
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .import_linter_cache
