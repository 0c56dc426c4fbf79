# OpenSIT: `make run` serves the platform on SQLite with a demo catalog; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
# The suite runs on one worker per core (pytest-xdist; each worker has its own test database,
# test_<name>_gw0...); a module stays on one worker, for its module-scoped fixtures and its
# browser. `make test XDIST=` runs in one process.
XDIST ?= -n auto --dist loadfile
export OPENSIT_HOME := $(CURDIR)

.PHONY: install dev run test test-sqlite test-postgres lint bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

dev: install $(VENV)/.dev-installed

$(VENV)/.dev-installed: pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# `make run` keeps shared state in each gunicorn worker's memory (OPENSIT_CACHE_URL unset): a
# project's rate limit is multiplied by the workers and a revoked API key stays valid up to 30 s
# in the other workers. `OPENSIT_CACHE_URL=redis://127.0.0.1:6379/0 make run` shares them
# (docs/deployment.md, "Shared state").
run: install
	@mkdir -p var
	@if [ -z "$$OPENSIT_CACHE_URL" ]; then echo "OPENSIT_CACHE_URL unset: rate limits count per worker, a revoked key may work 30 s more in other workers (set OPENSIT_CACHE_URL=redis://... to share them; docs/deployment.md)."; fi
	$(BIN)/opensit migrate --noinput -v 0
	$(BIN)/opensit collectstatic --noinput -v 0
	$(BIN)/opensit demo
	$(BIN)/opensit sites demo
	@# One worker beside the server (background jobs, docs/deployment.md), stopped with it.
	@$(BIN)/opensit worker -v 0 & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT; \
	$(BIN)/opensit serve

lint: dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test-sqlite: dev
	OPENSIT_DATABASE_URL= $(BIN)/pytest $(XDIST)

# PostgreSQL runs in CI, or wherever OPENSIT_TEST_DATABASE_URL is set; it fails, never skips.
test-postgres: dev
	OPENSIT_DATABASE_URL=$${OPENSIT_TEST_DATABASE_URL:-$(PG_TEST_URL)} $(BIN)/pytest $(XDIST)

test: dev
	@if [ -n "$$CI" ]; then $(MAKE) --no-print-directory lint; fi
	$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$$CI" ] || [ -n "$$OPENSIT_TEST_DATABASE_URL" ]; then \
		$(MAKE) --no-print-directory test-postgres; \
	else echo "PostgreSQL pass skipped: set OPENSIT_TEST_DATABASE_URL to run it."; fi

bench: dev
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var build *.egg-info src/*.egg-info
