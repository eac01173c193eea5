# Two commands do all the set-up on a fresh machine with Python 3.11:
#   make run    virtual environment, locked dependencies, database, then serve the app
#   make test   the same set-up (plus Chromium for the browser tests), then the whole test suite
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DB := build/tracker.duckdb
HOST ?= 127.0.0.1
PORT ?= 8501
INPUTS := $(shell find datasets etl locale -type f -not -name '*.pyc' 2>/dev/null)
# The message catalogues (see docs/languages.md): extract every _(), ngettext() and N_()
# text into locale/messages.pot, and update each language's messages.po from it.
EXTRACT := extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 --no-location --sort-output \
	--project "China intelligent manufacturing progress tracker" --omit-header

.PHONY: run test etl validate coverage lint format chromium nginx serve-cluster bench loadtest \
	loadtest-cluster clean messages compile api site

$(BIN)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock 2>&1 | grep -v "^WARNING: Location" || true
	$(BIN)/python -c "import streamlit, duckdb, pandas, plotly, pytest"
	touch $@

# cffconvert, which validates CITATION.cff, in its own environment: it pins jsonschema < 4, which
# the app's dependencies exclude (requirements-cff.in says why).
CFF := $(VENV)-cff/bin/cffconvert
$(CFF): requirements-cff.lock
	$(PYTHON) -m venv $(VENV)-cff
	$(VENV)-cff/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-cff.lock 2>&1 | grep -v "^WARNING: Location" || true
	$(CFF) --version
	touch $@

# Rebuilt when missing or older than any input.
$(DB): $(BIN)/.installed $(INPUTS)
	$(BIN)/python -m etl build --db $(DB)

etl: $(BIN)/.installed
	$(BIN)/python -m etl build --db $(DB)

# The API's static copy (docs/api.md): every document of /api/v1/ as a file under build/api/,
# byte for byte what the server answers, for any web server or CDN.
api: $(BIN)/.installed $(DB)
	TRACKER_DB=$(DB) $(BIN)/python -m tracker.api export build/api

# The baked pages' static copy (docs/site.md): every indicator's page and share image in both
# languages, the goals, sitemap.xml and robots.txt under build/site/, byte for byte what the
# server answers, for any web server or CDN.
SITE_DIR ?= build/site
site: $(BIN)/.installed $(DB)
	TRACKER_DB=$(DB) $(BIN)/python -m tracker.baked export $(SITE_DIR)

validate: $(BIN)/.installed
	$(BIN)/python -m etl validate

coverage: $(BIN)/.installed
	$(BIN)/python -m etl coverage

# A dataset with problems is reported and the previous database, if any, keeps serving.
run: $(BIN)/.installed
	@$(MAKE) --no-print-directory $(DB) || { [ -f $(DB) ] && \
		echo "make run: the dataset has problems (listed above); serving the previous $(DB)"; }
	$(BIN)/python -m tracker.serve --server.address $(HOST) --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

# Debian's Chromium for the browser tests, with CJK and emoji fonts (Chinese quotes, page icons);
# installed when missing and we can (root with apt-get).
chromium:
	@if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "color emoji"; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk fonts-noto-color-emoji >/dev/null; \
	else echo "warning: /usr/bin/chromium missing and cannot be installed here; browser tests will skip (and fail under CI=true)"; fi

# Debian's nginx for the cluster (deploy/; issue 18); installed when missing and we can (root
# with apt-get). Only the binary is used: deploy/cluster.py runs it with its own configuration
# and paths under build/cluster/.
nginx:
	@if [ -x /usr/sbin/nginx ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's nginx for the cluster"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; \
	else echo "warning: /usr/sbin/nginx missing and cannot be installed here; cluster tests will skip (and fail under CI=true)"; fi

# N dashboard processes behind nginx on 127.0.0.1:PORT (8080 here; docs/deploy.md): sticky
# sessions, websocket, gzip, and the static API copy in API_DIR and the baked pages in SITE_DIR
# served by nginx itself. A
# process that dies is restarted; Ctrl-C stops them all. Configuration and logs: build/cluster/.
N ?= 3
API_DIR ?= build/api
# The API copy's absolute links (feed, citations) are under nginx's address unless
# TRACKER_PUBLIC_URL is set.
serve-cluster: PORT = 8080
serve-cluster: $(BIN)/.installed nginx
	@$(MAKE) --no-print-directory $(DB) || { [ -f $(DB) ] && \
		echo "make serve-cluster: the dataset has problems (listed above); serving the previous $(DB)"; }
	TRACKER_DB=$(DB) TRACKER_PUBLIC_URL=$${TRACKER_PUBLIC_URL:-http://$(HOST):$(PORT)} \
		$(BIN)/python -m tracker.api export $(API_DIR)
	TRACKER_DB=$(DB) TRACKER_PUBLIC_URL=$${TRACKER_PUBLIC_URL:-http://$(HOST):$(PORT)} \
		$(BIN)/python -m tracker.baked export $(SITE_DIR)
	$(BIN)/python -m deploy.cluster --processes $(N) --port $(PORT) --api-dir $(API_DIR) \
		--site-dir $(SITE_DIR)

test: $(BIN)/.installed $(CFF) chromium nginx
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

# Performance against the floor, the ETL and scale (issue 11): prints a table and writes
# bench/results.json. Loopback only; not part of `make test` (tests/test_bench.py smoke-tests it).
# Options: make bench BENCH_ARGS="--sizes 10000,100000 --skip-browser" (python -m bench --help).
# Then the API at 10^4 and 10^6, nginx with 3 processes against one process serving a third of
# the readers (bench/cluster-compare.json; python -m bench.cluster_compare --help), and the
# baked pages (bench/site.json).
BENCH_ARGS ?=
BENCH_API_ARGS ?= --sizes 10000,1000000
BENCH_CLUSTER_ARGS ?=
# The baked pages (issue 25): baking on the curated data and at 10^4 observations, LCP and bytes
# in Chromium at 390x844 against the Streamlit page, Lighthouse 12.2.3 (npm, build/lighthouse/);
# bench/site.json (python -m bench.site --help; BENCH_SITE_ARGS="--sizes 10000,1000000").
BENCH_SITE_ARGS ?= --sizes 10000
bench: $(BIN)/.installed chromium nginx
	$(BIN)/python -m bench $(BENCH_ARGS)
	$(BIN)/python -m bench.api $(BENCH_API_ARGS)
	$(BIN)/python -m bench.cluster_compare $(BENCH_CLUSTER_ARGS)
	$(BIN)/python -m bench.site $(BENCH_SITE_ARGS)

# The app under load and change (issue 9): 3 Chromium pages loading every page and filter while
# the served database is rebuilt 20 times (some builds killed part-way), then 200 AppTest
# renders from 8 threads; loopback only, stops by itself. Prints p50/p95 per page and the
# server's peak memory, writes bench/loadtest.json, fails on any error, mix or stale page.
LOADTEST_ARGS ?=
loadtest: $(BIN)/.installed chromium
	$(BIN)/python -m bench.loadtest $(LOADTEST_ARGS)

# The same through nginx (issue 18): Chromium readers on every page clicking every download
# button, API clients, one dashboard process killed and a rebuild during the load; writes
# bench/cluster.json and fails on any error (python -m bench.cluster --help).
CLUSTER_ARGS ?=
loadtest-cluster: $(BIN)/.installed chromium nginx api
	$(BIN)/python -m bench.cluster $(CLUSTER_ARGS)

lint: $(BIN)/.installed
	$(BIN)/ruff format --check . && $(BIN)/ruff check . && $(BIN)/lint-imports

format: $(BIN)/.installed
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

# Extract the texts and update every catalogue: new texts come in untranslated (the catalogue
# test fails until they are translated), changed ones fuzzy. Then translate, and `make compile`.
# Babel flags any text with a "%" ("95% of the rate") as python-format; the project formats
# messages with str.format ({name}) only, so the flag is dropped (else `compile` reports false
# placeholder errors).
NO_PYFORMAT := sed -i -e '/^\#, python-format$$/d' -e 's/^\(\#,.*\), python-format/\1/' \
	-e '/^"POT-Creation-Date: /d'
messages: $(BIN)/.installed
	$(BIN)/pybabel $(EXTRACT) -o locale/messages.pot .
	$(NO_PYFORMAT) locale/messages.pot
	$(BIN)/pybabel update -i locale/messages.pot -d locale -D messages \
		--ignore-obsolete --no-wrap
	$(NO_PYFORMAT) locale/*/LC_MESSAGES/messages.po

# Compile each messages.po into the messages.mo the app and the ETL read. The .mo files are
# committed (the app and a fresh clone need no build step); the catalogue test fails when one
# is older than its .po.
compile: $(BIN)/.installed
	$(BIN)/pybabel compile -d locale -D messages --statistics

clean:
	rm -rf build $(VENV) $(VENV)-cff .pytest_cache .hypothesis test-artifacts
