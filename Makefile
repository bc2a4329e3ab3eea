# Two commands do everything: `make run` and `make test`. Both install what is missing first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
# Independent tests run in parallel, one process per core (pytest-xdist).
PYTEST_ARGS ?= -n auto
MESSAGES_IGNORE := --ignore=.venv --ignore=.local --ignore=tests --ignore=benchmarks --ignore=static/vendor --ignore=staticfiles

.DEFAULT_GOAL := help
.PHONY: help install run test lint format bench browser scanner vnu wrk translations messages migrate seed shell clean code

help:
	@echo "make run     start the whole stack with demo data on http://127.0.0.1:8000"
	@echo "make test    lint, then every test (installs what is missing first)"
	@echo "make lint    ruff, and the import contracts      make format   ruff fix and format"
	@echo "make bench   benchmarks                        make clean    remove .venv and .local"
	@echo "make messages   update locale/*/django.po after changing a string"
	@echo "make code EMAIL=admin@hmc.test   the current second-factor code of a demo account"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

run: install translations
	$(BIN)/python -m hmc_portal.devstack

browser:
	@scripts/ensure-chromium.sh

# wrk, the load generator of `make bench` (its --quick run is part of `make test`).
wrk:
	@scripts/ensure-wrk.sh

# The Nu HTML Checker (vnu-jar from npm, run with Java) for the HTML validity test.
vnu:
	@scripts/ensure-vnu.sh

# Optional: clamd for the virus-scanning test (skipped, and reported, without it).
scanner:
	@scripts/ensure-clamd.sh

# The compiled catalogues (.mo) are built here, never committed.
translations: install
	@scripts/ensure-gettext.sh
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=.local -v 0

# After adding or changing a string: update the catalogues, then translate what is new.
messages: install
	@scripts/ensure-gettext.sh
	$(BIN)/python manage.py makemessages --all $(MESSAGES_IGNORE)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: install browser scanner vnu wrk translations lint
	$(BIN)/pytest $(PYTEST_ARGS)

bench: install wrk translations
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

migrate: install
	$(BIN)/python manage.py migrate

seed: install
	$(BIN)/python manage.py seed_demo

# The current second-factor code of a demo account (DEBUG only): make code EMAIL=admin@hmc.test
code: install
	$(BIN)/python manage.py totp_code $(or $(EMAIL),admin@hmc.test)

shell: install
	$(BIN)/python manage.py shell

clean:
	rm -rf $(VENV) .local staticfiles .pytest_cache node_modules
