# Costume Tracker: `make run` serves the app with the demo wardrobe, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app costume_tracker
HOST ?= 127.0.0.1
PORT ?= 5000
# make serve: gunicorn worker processes and port (put a reverse proxy doing HTTPS in front).
WORKERS ?= 4
SERVE_PORT ?= 8000

.PHONY: run serve test lint browser-deps static screenshots

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	$(FLASK) analyze
	$(FLASK) run --host $(HOST) --port $(PORT)

# Production server: several gunicorn workers sharing one database (see README, "Production").
serve: $(VENV)/.installed
	$(FLASK) db upgrade
	$(FLASK) analyze
	$(BIN)/gunicorn --workers $(WORKERS) --bind $(HOST):$(SERVE_PORT) --access-logfile - \
	  'costume_tracker:create_app()'

# Browser tests drive Debian's Chromium; install it when it is missing (needs root).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Chromium from Debian's packages for the browser tests…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The whole suite on SQLite, then again on a throwaway PostgreSQL server (installs Debian's
# postgresql when missing, needs root for that).
test: $(VENV)/.installed-dev browser-deps lint
	$(BIN)/pytest -q
	scripts/with-test-postgres.sh $(BIN)/pytest -q

# Full-page PNGs of the main pages (French and English, desktop and phone, light and dark) with
# the demo wardrobe in a throwaway database, into screenshots/ (not in git).
screenshots: $(VENV)/.installed-dev browser-deps
	$(BIN)/python scripts/screenshots.py

# Rebuild the vendored browser files in static/vendor (QR decoder, icons) and axe-core for the
# page tests from the npm packages pinned in package.json. Needs Node; the app itself does not.
static:
	npm ci --no-audit --no-fund
	npm run build
