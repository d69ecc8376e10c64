# Two commands run everything on a fresh machine (Python 3.11+, pip):
#   make demo   the ingest flow end to end on the bundled local site, then a coverage summary
#   make test   lint, format check, type check and every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS := 90

.PHONY: install demo test lint site clean system-deps

# Debian packages the tests use: chromium (the report's browser test, driven by Playwright with
# no downloaded browser), a font with Arabic glyphs, and PostgreSQL (the DuckLake catalog on a
# server; the tests start their own cluster). Needs root or sudo; skipped when present.
SYSTEM_PACKAGES := chromium fonts-dejavu-core postgresql
system-deps:
	@if command -v chromium >/dev/null && fc-list 2>/dev/null | grep -qi dejavu \
	    && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  echo "system packages present: $(SYSTEM_PACKAGES)"; \
	else \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(SYSTEM_PACKAGES); \
	fi

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/syria-etl demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

site: $(STAMP)
	$(BIN)/python tests/site/build.py

.PHONY: eval
eval: $(STAMP)
	$(BIN)/python bench/eval.py
	$(BIN)/python bench/eval_realpages.py
	$(BIN)/python bench/eval_enrich.py

# The Prefect UI with something in it: server on 127.0.0.1:4200 (PREFECT_SERVER_API_PORT), the
# deployments served against the local site into ./data-ui, one ingest run; Ctrl-C stops it all.
.PHONY: ui
ui: $(STAMP)
	$(BIN)/python -m flows.ui

clean:
	rm -rf data data-ui .pytest_cache .mypy_cache .ruff_cache
