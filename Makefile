# The two commands of the README: `make run` and `make test`. Everything else is their detail.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: run test test-unit test-integration test-e2e test-fast install lint

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test,postgres]"
	touch $(STAMP)

install: $(STAMP)

## Local development: SQLite in instance/, console SMS provider, Telegram disabled, unsigned
## webhooks accepted (logged loudly), the demo programme loaded (`qoncha demo`: idempotent),
## gateway + scheduler on :$PORT (default 5000).
run: $(STAMP)
	QONCHA_DEV_MODE=1 $(BIN)/qoncha db upgrade
	QONCHA_DEV_MODE=1 $(BIN)/qoncha demo
	QONCHA_DEV_MODE=1 $(BIN)/qoncha serve --port $${PORT:-5000}

## The test suite on SQLite and, when a server answers, PostgreSQL (CI requires it), spread
## over TEST_WORKERS processes (pytest-xdist; `auto`: one per CPU core — on a 2-core machine
## more workers only added CPU time, bench/RESULTS.md has the figures); an idle
## worker takes tests queued for a busy one (worksteal), so the run does not end waiting on
## one worker's slow tail. `TEST_WORKERS=0 make test` runs in one process.
TEST_WORKERS ?= auto
PYTEST = $(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal

test: $(STAMP)
	$(PYTEST)

## One tier at a time: unit (pure, seconds), integration (use cases on both databases, fakes at
## the network edge), e2e (the app, the CLI and the bot against the fakes). `test-fast` leaves
## out the tests marked slow (subprocesses, timeouts, property runs).
test-unit: $(STAMP)
	$(PYTEST) tests/unit

test-integration: $(STAMP)
	$(PYTEST) tests/integration

test-e2e: $(STAMP)
	$(PYTEST) tests/e2e

test-fast: $(STAMP)
	$(PYTEST) -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy core gateway bot
