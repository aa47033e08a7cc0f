# The two commands of the README: `make run` and `make test`. Everything else is their detail.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: run test install lint

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

## The test suite on SQLite and, when a server answers, PostgreSQL (CI requires it).
test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy core gateway bot
