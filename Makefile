# stem_events — every target installs what it needs on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := wsgi.py

.PHONY: run test test-fast test-sqlite test-postgresql test-browser lint translations \
        install browser clean bench bench-quick bench-scale bench-tools deploy-tools deploy-check

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed translations

# Compile the gettext catalogs (the .mo files are build output, not committed).
translations: $(VENV)/.installed
	@$(BIN)/pybabel compile -d stem_events/translations > /dev/null

run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask demo-data --if-empty
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# Debian's Chromium for the browser tests (Playwright cannot download browsers here).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	  else \
	    echo "Chromium ontbreekt: installeer het pakket 'chromium' (apt-get install chromium)."; \
	    [ "$$CI" != "true" ] || exit 1; \
	  fi; \
	fi

test-sqlite: install
	$(BIN)/pytest -q -m "not browser" --db sqlite

test-postgresql: install
	$(BIN)/pytest -q -m "not browser" --db postgresql

test-browser: install browser
	$(BIN)/pytest -q -m browser --db sqlite

# The whole suite: lint, unit + integration on SQLite and PostgreSQL, browser journeys.
test: install browser lint test-sqlite test-postgresql test-browser

# Inner loop: SQLite only, no browser.
test-fast: install
	$(BIN)/pytest -q -x -m "not browser and not slow" --db sqlite

# Benchmarks (issue 9): wrk from Debian when missing, then the harness in bench/.
bench-tools:
	@if ! command -v wrk > /dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk || \
	    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }; \
	  else \
	    echo "wrk ontbreekt: installeer het pakket 'wrk' (apt-get install wrk)."; exit 1; \
	  fi; \
	fi

# Full run: 10,000 events, SQLite and PostgreSQL, 1 and 2 workers (under 10 minutes).
bench: install bench-tools
	$(BIN)/python -m bench.run

# Smaller run: 1,500 events, 1-second measurements (under 2 minutes on a quiet machine).
bench-quick: install bench-tools
	$(BIN)/python -m bench.run --quick

# Growth (issue 22): 10,000 upcoming events against the same plus 90,000 past ones, on SQLite
# and PostgreSQL (under 20 minutes; not part of `make test`). Adds the scale_* keys to
# bench/results.json.
bench-scale: install bench-tools
	$(BIN)/python -m bench.run --scale

# The production recipe of deploy/ (issue 14): nginx from Debian when missing, then two app hosts
# behind nginx on PostgreSQL and Redis, checked over HTTPS. Minutes; not part of `make test`.
deploy-tools:
	@if ! command -v nginx > /dev/null && [ ! -x /usr/sbin/nginx ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx || \
	    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx; }; \
	  else \
	    echo "nginx ontbreekt: installeer het pakket 'nginx' (apt-get install nginx)."; exit 1; \
	  fi; \
	fi

deploy-check: install deploy-tools
	$(BIN)/python deploy/check.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
