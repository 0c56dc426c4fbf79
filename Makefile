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

run: install
	@mkdir -p var
	$(BIN)/opensit migrate --noinput -v 0
	$(BIN)/opensit collectstatic --noinput -v 0
	$(BIN)/opensit demo
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
