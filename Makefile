# Datalek — the two commands a new user needs: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | md5sum | cut -c1-12)

# What `make run` uses: SQLite in var/, Celery in-process, e-mail on the console. Nothing else to install.
RUN_ENV := DEBUG=true HTTPS=false DATABASE_URL=sqlite:///$(CURDIR)/var/datalek.sqlite3 REDIS_URL= CELERY_BROKER_URL=
# What `make test` uses: real PostgreSQL and Redis on localhost.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/datalek
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: help install run test bench lint format services test-packages check-deploy messages clean

help:
	@echo "make run    install what is missing, migrate SQLite, load demo data, serve on http://127.0.0.1:8000"
	@echo "make test   install what is missing, start PostgreSQL and Redis if needed, run ruff and the test suite"
	@echo "make lint   ruff check, format check and the import contracts (.importlinter)"
	@echo "make bench  the benchmarks at full size (a million incidents, a million people): BENCH lines"

$(STAMP): pyproject.toml
	.ci/system-packages.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

messages: install
	@if ls locale/*/LC_MESSAGES/*.po >/dev/null 2>&1; then $(RUN_ENV) $(BIN)/python manage.py compilemessages -v0; fi

run: install messages
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py seed_demo
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

services:
	.ci/services.sh

test-packages:  # what only the tests need (Chromium for tests/e2e); `make run` does without
	.ci/system-packages.sh --test

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: install test-packages messages services lint
	DATABASE_URL=$(TEST_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) $(BIN)/pytest

BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/datalek_bench

bench: install messages services
	DATABASE_URL=$(BENCH_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) $(BIN)/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
