# The two commands that matter: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

# Tests run on PostgreSQL and Redis; these defaults suit the machine's local servers.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/caserecords
TEST_BROKER_URL ?= redis://127.0.0.1:6379/15

.PHONY: run test lint format bench install install-dev install-bench system-deps migrate seed worker beat clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-base: requirements/base.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/base.txt
	touch $@

$(VENV)/.installed-dev: requirements/base.txt requirements/dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/dev.txt
	touch $@

$(VENV)/.installed-bench: requirements/bench.txt requirements/dev.txt requirements/base.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/bench.txt
	touch $@

install: $(VENV)/.installed-base
install-dev: $(VENV)/.installed-dev
install-bench: $(VENV)/.installed-bench

# Development server on embedded defaults: SQLite, a file-based broker, console e-mail.
# With DATABASE_URL and CELERY_BROKER_URL set, the same command uses those servers.
run: export DJANGO_DEBUG ?= 1
run: export TWO_FACTOR_REQUIRED ?= 0
run: install
	mkdir -p var/broker var/broker-processed
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo --if-empty
	@echo "Demo logins: facilitator caseworker partner manager orgadmin (and b-... in the second organisation)"
	@echo "Password: $${DEMO_PASSWORD:-demo-password-2026}   Open http://$(HOST):$(PORT)/"
	@trap 'kill 0' EXIT INT TERM; \
	$(BIN)/celery -A config worker --loglevel=INFO --concurrency=1 & \
	$(BIN)/celery -A config beat --loglevel=INFO & \
	$(BIN)/python manage.py runserver $(HOST):$(PORT) --noreload

# Debian's Chromium for the browser tests; installed only where it is missing.
system-deps:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: export DATABASE_URL ?= $(TEST_DATABASE_URL)
test: export CELERY_BROKER_URL ?= $(TEST_BROKER_URL)
# The catalogue_complete test fails when any de/es/fr/it entry is untranslated or
# fuzzy: a new string needs its four translations in the same change.
test: install-dev system-deps
	$(BIN)/pytest -n 2 --create-db $(PYTEST_ARGS)

# Languages (README "Languages"): gather every marked string into the German,
# Spanish, French and Italian catalogues (needs xgettext, a developer tool), then
# compile them in Python (polib), so that running and testing need no gettext.
MESSAGES_IGNORE := --ignore=.venv --ignore=var --ignore=staticfiles --ignore=tests --ignore=docs --ignore=static/vendor
messages: export DJANGO_SETTINGS_MODULE ?= config.settings.test
messages: install-dev
	$(BIN)/python manage.py makemessages -l de -l es -l fr -l it --add-location=file --no-obsolete $(MESSAGES_IGNORE)
	$(BIN)/python manage.py makemessages -d djangojs -l de -l es -l fr -l it --add-location=file --no-obsolete $(MESSAGES_IGNORE)
	$(BIN)/python manage.py compile_catalogues

# lint-imports holds the layer contract of pyproject.toml (docs/decisions/0006).
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Seeds 10k and 100k men (the seeding time is printed with its 3-minute budget),
# then detectors, pages, alerts, load. `make bench BENCH_SEED_MILLION=1` also seeds
# a million men in 500 organisations (budget 30 minutes); tests/bench/run.py lists
# the other BENCH_* settings.
# Its own Redis database, so that a concurrent `make test` never takes its tasks.
BENCH_BROKER_URL ?= redis://127.0.0.1:6379/14
bench: export DATABASE_URL ?= $(TEST_DATABASE_URL)
bench: export CELERY_BROKER_URL ?= $(BENCH_BROKER_URL)
bench: install-bench system-deps
	$(BIN)/python -m tests.bench.run

clean:
	rm -rf $(VENV) var staticfiles db.sqlite3
