# Sportello — the two commands a newcomer needs are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test relevance e2e cluster-check load browser install install-test migrate demo static serve worker elasticsearch elasticsearch-stop messages clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

browser:
	@scripts/install-browser.sh

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo_data

static: install
	$(PY) manage.py collectstatic --noinput --verbosity 0

## make run: install, migrate, load the demo KB, start a local Elasticsearch node (when Java is present) and
## serve http://$(HOST):$(PORT) with the worker beside it; Ctrl+C stops all three (scripts/run.sh).
run: demo static
	@HOST=$(HOST) PORT=$(PORT) PY=$(PY) scripts/run.sh

## make test: the relevance floor, then the whole suite, against a real Elasticsearch node and a real Redis
## (started here unless ELASTICSEARCH_URL / REDIS_TEST_URL are set), browser journeys included.
test: install-test browser
	@scripts/with-postgres.sh scripts/with-elasticsearch.sh scripts/with-redis.sh bash -c '$(RELEVANCE) && $(PY) -m pytest $(PYTEST_ARGS)'

## make relevance: the judged query set (bench/relevance) on a real node: top-1, top-3, MRR@10 and
## zero results per query class and engine, side by side; fails below bench/relevance/floor.json. Its KB is a
## SQLite file of its own (the floor of the database engine was measured on SQLite FTS5), also under make test.
RELEVANCE = env -u DATABASE_TEST_URL $(PY) bench/relevance/run.py --floor bench/relevance/floor.json $(RELEVANCE_ARGS)
relevance: install-test
	@scripts/with-elasticsearch.sh $(RELEVANCE)

## make e2e: only the browser journeys (same real server, Elasticsearch and Chromium as make test).
e2e: install-test browser
	@scripts/with-elasticsearch.sh $(PY) -m pytest tests/e2e $(PYTEST_ARGS)

## make cluster-check: a 3-node Elasticsearch cluster (HTTP 9281-9283, transport 9381-9383, one replica) loses a
## node during searches and during `search_index rebuild`: no failed search, index equal to the database after
## (bench/cluster_check.py; not part of make test). CLUSTER_ARGS=--write records it in bench/RESULTS.md.
cluster-check: install-test
	@$(PY) bench/cluster_check.py $(CLUSTER_ARGS)

## make load: 200 logged-in CSRs for 2 minutes against PostgreSQL, Redis, Elasticsearch, uvicorn (2 workers) and
## the worker (bench/load.py; LOAD_ARGS="--faults" restarts uvicorn at 30 s and Redis at 60 s, --write records).
load: install-test
	@$(PY) bench/load.py $(LOAD_ARGS)

## make elasticsearch: download (once) and start a local node for development; prints ELASTICSEARCH_URL.
elasticsearch:
	@scripts/elasticsearch.sh start

elasticsearch-stop:
	@scripts/elasticsearch.sh stop

messages: install
	$(PY) manage.py makemessages --locale it --ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'tests/*' --ignore 'bench/*' --ignore 'var/*'
	$(PY) manage.py compilemessages --locale it --ignore '.venv/*'

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
