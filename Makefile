# One entry for the checks. scripts/test.sh (the test command, after set-up) runs `make check`, then pytest.
#   make check   style, format and types
#   make fast    the checks and the quick tests (no bot started)
#   make test    everything, as CI runs it: scripts/test.sh
BIN := .venv/bin

.PHONY: check lint types fast test

check: lint types

lint:
	$(BIN)/ruff check --quiet .
	$(BIN)/ruff format --check --quiet .

types:
	$(BIN)/mypy --no-error-summary

fast: check
	$(BIN)/python -m pytest -m "not e2e"

test:
	scripts/test.sh
