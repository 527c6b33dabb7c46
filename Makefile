# Parley: `make run` serves the demo on http://127.0.0.1:8000; `make test` runs every check.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
WORKERS ?= 1
STAMP  := $(VENV)/.installed
export PYTHONUNBUFFERED := 1
# The server's address reaches Django too: dev links (SITE_URL) follow the port actually served.
export HOST PORT

.PHONY: install messages catalogs run serve worker beat migrate seed test lint typecheck pytest bench bench-redaction openapi clean

$(STAMP): pyproject.toml deploy/system-packages.sh
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Parley needs Python 3.11 or newer")'
	deploy/system-packages.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The interface's message catalogs (docs/i18n.md): locale/*/LC_MESSAGES/*.po compiled to .mo with Babel,
# which is pure Python, so neither running nor testing needs the system's gettext; the .mo files are not
# committed, and are compiled again whenever a .po file changes.
PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po)
MO_STAMP := locale/.compiled

$(MO_STAMP): $(PO_FILES) $(STAMP)
	$(BIN)/pybabel -q compile -d locale -D "django djangojs"
	touch $(MO_STAMP)

messages: $(MO_STAMP)

# Development only (needs the system's gettext, `apt-get install gettext`): bring every marked string
# into the .po files, new ones with an empty translation for you to fill in (docs/i18n.md).
LOCALES := -l fr -l ar -l ru -l es
catalogs: install
	$(BIN)/python manage.py makemessages $(LOCALES) --no-obsolete --add-location file \
		-i '.venv/*' -i 'node_modules/*' -i 'tests/*' -i 'bench/*' -i 'var/*' -i 'stubs/*' -i 'build/*'
	$(BIN)/python manage.py makemessages -d djangojs $(LOCALES) --no-obsolete --add-location file \
		-i '.venv/*' -i 'node_modules/*' -i 'tests/*' -i 'bench/*' -i 'var/*' -i 'build/*' -i eslint.config.js

migrate: install messages
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

# The production-like server: honours DATABASE_URL, REDIS_URL, DJANGO_SETTINGS_MODULE, HOST, PORT, WORKERS.
# No permessage-deflate: room frames are serialised once for all recipients (dialogues/live/wire.py), and
# compressing a participant's words in one stream with text others can inject is a length oracle.
serve: install messages
	$(BIN)/python -m uvicorn config.asgi:application --host $(HOST) --port $(PORT) --workers $(WORKERS) \
		--proxy-headers --ws-max-size 1048576 --ws-per-message-deflate false --lifespan off --no-server-header

run: seed
	@echo "Parley is starting on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	@$(MAKE) --no-print-directory serve

worker: install messages
	$(BIN)/celery -A config worker --loglevel=INFO --concurrency=2 -Q $${CELERY_QUEUE:-parley}

beat: install
	$(BIN)/celery -A config beat --loglevel=INFO

# ESLint for static/js comes from npm (package-lock.json); reinstalled only when the lock changes.
NODE_STAMP := node_modules/.installed

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

lint: install $(NODE_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	npx --no-install eslint static/js eslint.config.js

typecheck: install
	$(BIN)/mypy config core participants dialogues facilitation summaries singletext redaction digest commonground tests bench

pytest: install messages
	deploy/system-packages.sh --browser
	$(BIN)/python -m pytest -n auto --dist loadgroup -q $(PYTEST_ARGS)

test: lint typecheck pytest

bench: install
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# Redaction quality and speed on the multilingual gold corpus (docs/redaction.md, "Measured").
bench-redaction: install
	$(BIN)/python -m bench.redaction --json bench/results/redaction.json $(BENCH_ARGS)

# Regenerate docs/openapi.json from the API (a test fails when it differs from what /api/v1/ serves).
openapi: install
	$(BIN)/python manage.py openapi_schema --output docs/openapi.json

clean:
	rm -rf $(VENV) var test-artifacts node_modules
