# fossdash: GNU make.
#
#   make setup   Python venv (.venv), front-end assets (static/vendor), secret key
#   make run     setup + migrate + demo data, then gunicorn on 127.0.0.1:$(PORT)
#   make test    setup + ruff + mypy (pure packages) + pytest $(PYTEST_ARGS)
#   make assets  only the front-end assets
#   make clean   remove .venv, node_modules, static/vendor
#
# Every step is guarded by a stamp file, so a second `make setup` does nothing.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules

PY ?= python3
PORT ?= 5000
# Both cores (pytest-xdist); `make test PYTEST_ARGS=` runs in one process.
PYTEST_ARGS ?= -n 2

VENV := .venv
VENV_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.fossdash-npm-ci
ASSETS_STAMP := static/vendor/.built
SECRET_KEY := instance/secret_key
SCSS := $(wildcard static/src/*.scss)

FLASK := $(VENV)/bin/flask --app app

.PHONY: all setup venv assets secret-key run test clean
.DEFAULT_GOAL := setup

all: setup

setup: venv assets secret-key

venv: $(VENV_STAMP)
assets: $(ASSETS_STAMP)
secret-key: $(SECRET_KEY)

# Python virtual environment with the app (editable) and the test extras.
$(VENV_STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[test]'
	touch $@

# npm packages, exactly as locked. Re-run only when the lock file changes.
$(NODE_STAMP): package-lock.json package.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# static/vendor: compiled CSS, GOV.UK/MoJ assets and JS, Plotly, axe-core.
$(ASSETS_STAMP): $(NODE_STAMP) $(SCSS) static/src/build.sh
	bash static/src/build.sh

# Flask secret key: random, made once, never committed (instance/ is ignored).
$(SECRET_KEY):
	mkdir -p instance
	umask 077 && $(PY) -c 'import secrets; print(secrets.token_hex(32))' > $@.tmp
	chmod 600 $@.tmp
	mv $@.tmp $@

run: setup
	$(FLASK) db upgrade
	$(FLASK) demo-data --if-empty
	$(FLASK) demo-credentials
	# The background-job worker (huey) beside gunicorn; stopped when gunicorn stops.
	$(FLASK) worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	COOKIE_SECURE=0 PORT=$(PORT) $(VENV)/bin/gunicorn -c python:fossdash.gunicorn_conf app:app

test: setup
	$(VENV)/bin/ruff check fossdash tests
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules static/vendor
