# RusToK developer commands. `make demo` and `make test` set up everything they need.
#
# The virtualenv lives in .venv/ and is (re)installed whenever pyproject.toml changes:
# .venv/.installed is the stamp. Use another interpreter with `make test PYTHON=python3.12`.
# The admin SPA (admin-spa/) is built with Node.js 20.19+ into admin-spa/dist/, rebuilt when its
# sources, its lockfile or schema.graphql change.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Folders that exist in this checkout (bench/ and modules/ may be empty early on).
LINT_PATHS := $(wildcard app modules tests migrations bench)
PYTEST_ARGS ?=
# pytest-xdist workers (each with its own throwaway database); `make test PYTEST_WORKERS=0` runs
# in one process.
PYTEST_WORKERS ?= auto
ADMIN := admin-spa
ADMIN_BUILD := $(ADMIN)/dist/index.html
ADMIN_DEPS := $(ADMIN)/node_modules/.installed
ADMIN_SOURCES := $(shell find $(ADMIN)/src $(ADMIN)/codegen -type f ! -path '*/src/gql/*' 2>/dev/null) \
	$(wildcard $(ADMIN)/*.html $(ADMIN)/*.ts $(ADMIN)/*.json) schema.graphql
# Exit 0 when Node.js 20.19 or newer is on PATH (what Vite 7 needs).
NODE_OK := node -e 'const [a, b] = process.versions.node.split(".").map(Number); \
	process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' >/dev/null 2>&1

.PHONY: help venv demo test lint typecheck contracts schema ci clean admin admin-if-node

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

$(ADMIN_DEPS): $(ADMIN)/package-lock.json
	cd $(ADMIN) && npm ci --no-audit --no-fund
	@touch $@

$(ADMIN_BUILD): $(ADMIN_DEPS) $(ADMIN_SOURCES)
	cd $(ADMIN) && npm run build

admin: ## Build the admin SPA into admin-spa/dist (needs Node.js 20.19+).
	@$(NODE_OK) || { echo "error: building the admin SPA needs Node.js 20.19 or newer;" \
	  "found $$(node --version 2>/dev/null || echo 'no node')." >&2; exit 1; }
	@$(MAKE) --no-print-directory $(ADMIN_BUILD)

# `make demo` builds the admin when it can; without Node.js it serves the API alone.
admin-if-node:
	@if $(NODE_OK); then $(MAKE) --no-print-directory $(ADMIN_BUILD); else \
	  echo "note: Node.js 20.19+ not found ($$(node --version 2>/dev/null || echo 'no node')):" \
	       "serving the API without the admin SPA; /admin says how to build it (make admin)."; fi

demo: $(STAMP) admin-if-node ## Build the admin if Node.js 20.19+ is there, migrate ./var/rustok.db, serve :8000.
	$(BIN)/rustok demo

test: $(STAMP) ## Run the test suite (SQLite; PostgreSQL/Redis tests skip unless configured).
	@$(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS); status=$$?; \
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

clean: ## Remove the virtualenv, tool caches and the admin's node_modules and build (keeps ./var).
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .import_linter_cache \
	  $(ADMIN)/node_modules $(ADMIN)/dist $(ADMIN)/src/gql
