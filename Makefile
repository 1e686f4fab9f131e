# make run: set up, migrate, load the content and serve on http://127.0.0.1:8000
# make test: set up, lint, check migrations and run every test, on SQLite and on PostgreSQL
# (the browser tests need Chromium, the HTML check Java: bash .ci/run installs both)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Every fresh clone installs exactly these versions (with their hashes); `make lock` renews it.
LOCK := .ci/requirements.lock
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCK) | cksum | cut -d' ' -f1)

.PHONY: install lock db run test test-sqlite test-postgres lint bench clean

$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	rm -f $(VENV)/.installed-* && touch $(STAMP)

# The interface's translations (portal/locale/*/django.po), compiled; needs gettext's msgfmt.
MESSAGES := $(patsubst %.po,%.mo,$(wildcard portal/locale/*/LC_MESSAGES/django.po))

%.mo: %.po $(STAMP)
	@command -v msgfmt >/dev/null || { echo "Compiling translations needs gettext: apt-get install gettext" >&2; exit 1; }
	$(BIN)/python manage.py compilemessages --ignore "$(VENV)" --ignore node_modules

install: $(STAMP) $(MESSAGES)

# Resolve pyproject.toml's dependencies and the test group again, within their bounds.
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "uv>=0.5,<1"
	$(BIN)/uv pip compile pyproject.toml --group test --generate-hashes --python-version 3.11 \
		--quiet --output-file $(LOCK)

db: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_content

run: db
	@echo
	@echo "Staff pages (/staff/links/, /admin/) need a staff account. Create one with:"
	@echo "    $(BIN)/python manage.py createsuperuser"
	@echo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

# The browser tests share one loaded site, so they run in a session of their own. Coverage of
# portal/ is measured over both runs and printed at the end.
test-sqlite: install
	DATABASE_URL= $(BIN)/pytest -n auto --dist worksteal -m "not browser" --cov=portal --cov-report=
	DATABASE_URL= $(BIN)/pytest -n auto tests/browser --cov=portal --cov-append \
		--cov-report=term:skip-covered

# A throwaway PostgreSQL cluster (.ci/postgres) when the server is installed. Without it the run is
# skipped with a message, except in CI, where skipping would hide a gap.
PG_INITDB := $(wildcard $(or $(PG_BIN),/usr/lib/postgresql/*/bin)/initdb)

# The browser tests show what a browser shows, which does not depend on the database: they run
# once, in the SQLite run. So do the tests that use no database at all.
test-postgres: install
ifneq ($(PG_INITDB),)
	PG_BIN=$(PG_BIN) .ci/postgres $(BIN)/pytest -n auto -m "not browser" --database-tests-only
else ifneq ($(filter true 1,$(CI)),)
	@echo "CI needs PostgreSQL for the test run: apt-get install postgresql" >&2; exit 1
else
	@echo "Skipped the PostgreSQL test run: PostgreSQL is not installed (apt-get install postgresql)."
endif

test: lint test-sqlite test-postgres

# Benchmarks (about 6 minutes; not part of `make test`). Needs nginx and wrk; installed here when
# missing and run as root. BENCH_QUICK=1 for a short run. Writes bench-results/latest.md
# and, for the log-in flood, bench-results/flood.md.
bench: install
	@command -v nginx >/dev/null && command -v wrk >/dev/null || \
		{ [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq --no-install-recommends nginx wrk; } || \
		{ echo "make bench needs nginx and wrk: sudo apt-get install nginx wrk" >&2; exit 1; }
	$(BIN)/python tests/benchmarks/bench.py
	$(BIN)/python tests/benchmarks/flood.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache .hypothesis
