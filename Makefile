# Two commands on a fresh machine:
#   make demo   builds timeline.db from seeds/corpus and prints the CJNG 2015-2026 chronology
#   make test   runs the test suite (PostgreSQL too when TIMELINE_TEST_POSTGRES_URL is set)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,postgres]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/timeline --db sqlite:///timeline.db ingest seeds/corpus
	$(BIN)/timeline --db sqlite:///timeline.db chronology --actor CJNG --from 2015 --to 2026

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/pip install --quiet ruff mypy
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src

clean:
	rm -rf $(VENV) timeline.db build dist
