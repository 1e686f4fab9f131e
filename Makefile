# make run: set up, migrate, load the content and serve on http://127.0.0.1:8000
# make test: set up, lint, check migrations and run every test
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)

.PHONY: install db run test test-sqlite lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet --editable . --group test
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

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

test-sqlite: install
	DATABASE_URL= $(BIN)/pytest

test: lint test-sqlite

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache .hypothesis
