# Jour: `make run` serves the demo, `make test` runs everything CI runs.
# With DATABASE_URL unset both start a private PostgreSQL cluster (bin/devdb.py).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEVDB := $(PYTHON) bin/devdb.py
APPS_WITH_LOCALE := jour/calls jour/directory residents/plans residents volunteers reporting regulation

# The test environment: production settings except plain HTTP on localhost.
TEST_ENV := DEBUG=0 SECRET_KEY=test-only-not-a-secret ALLOWED_HOSTS=127.0.0.1,localhost,testserver \
	SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0 \
	FIELD_ENCRYPTION_KEYS=8mS5u0qzC2J0yq1mYV4sWcHq0b0C0fQnE6b7QmJd2yE= \
	BLIND_INDEX_KEY=test-only-blind-index-key-not-a-secret \
	STATICFILES_BACKEND=django.contrib.staticfiles.storage.StaticFilesStorage \
	EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend DJANGO_ALLOW_ASYNC_UNSAFE=true
RUN_ENV := DEBUG=1 JOUR_DEMO=1

.PHONY: demo-code pytest run test lint messages compilemessages install chromium gettext bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q ".[dev]"
	touch $@

install: $(VENV)/.installed

gettext:
	@command -v msgfmt >/dev/null || { if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
		else echo "gettext missing: install it (Debian: apt-get install gettext; macOS: brew install gettext)"; exit 1; fi; }

compilemessages: install gettext
	@$(RUN_ENV) DATABASE_URL=postgres://unused/unused $(PY) manage.py compilemessages -v 0

# Re-extract the catalogues: the project's own strings go to locale/, each app's to its own locale/.
# English is the source language, so each en catalogue is rebuilt as msgstr = msgid.
messages: install gettext
	$(RUN_ENV) DATABASE_URL=postgres://unused/unused $(PY) manage.py makemessages -l sv -l en --no-obsolete --no-location --no-wrap \
		$(foreach app,$(APPS_WITH_LOCALE),--ignore '$(app)/*') --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'bin/*'
	@for app in $(APPS_WITH_LOCALE); do if [ -d $$app/locale ]; then \
		(cd $$app && $(RUN_ENV) DATABASE_URL=postgres://unused/unused DJANGO_SETTINGS_MODULE=jour.settings PYTHONPATH=$(CURDIR) \
		$(CURDIR)/$(PY) -m django makemessages -l sv -l en --no-obsolete --no-location --no-wrap $$([ $$app = residents ] && echo "--ignore=plans/*")); fi; done
	@for po in $$(find . -path ./.venv -prune -o -path '*/locale/en/LC_MESSAGES/django.po' -print); do \
		msgfilter --keep-header --no-wrap -i $$po -o $$po.tmp sed -e d && \
		msgattrib --clear-fuzzy --clear-previous --no-wrap -o $$po.tmp $$po.tmp && \
		msgen --no-wrap -o $$po $$po.tmp && rm $$po.tmp; done
	@# Sorted, without source locations: two branches that add strings merge without conflicts.
	@for po in $$(find . -path ./.venv -prune -o -path ./var -prune -o -name django.po -print); do \
		msgattrib --sort-output --no-wrap --no-location -o $$po $$po; done

chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's chromium for the browser tests"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else echo "Chromium missing (Debian: sudo apt-get install chromium): browser tests will be skipped."; fi; fi

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check -q .

# The owner role migrates, the app role (DATABASE_URL) serves: as in production (docs/deployment.md).
run: install compilemessages
	$(RUN_ENV) $(DEVDB) -- bash -c '\
		DATABASE_URL="$$DATABASE_OWNER_URL" $(PY) manage.py migrate --noinput -v 0 && \
		$(PY) manage.py seed_demo --scale demo --if-empty && \
		$(PY) manage.py demo_logins && \
		exec $(PY) manage.py runserver 127.0.0.1:8000'

test: install compilemessages chromium
	$(PY) -m ruff check .
	$(PY) -m ruff format --check -q .
	$(TEST_ENV) $(DEVDB) --throwaway -- bash -c '\
		$(PY) manage.py makemigrations --check --dry-run -v 1 && \
		$(PY) -m pytest -q $(PYTEST_ARGS)'

# National-scale load test (see README "Scale and benchmarks"); its cluster and data persist in var/bench-pg.
bench: install compilemessages
	$(PY) -m pip install -q ".[bench]"
	$(DEVDB) --dir var/bench-pg -- $(PY) -m bench.run $(BENCH_ARGS)

clean:
	rm -rf var/pg var/staticfiles

demo-code: install
	@$(RUN_ENV) $(DEVDB) -- $(PY) manage.py demo_logins

# Only the tests (no lint, no migration check): `make pytest PYTEST_ARGS=tests/calls`.
pytest: install compilemessages
	$(TEST_ENV) $(DEVDB) --throwaway -- $(PY) -m pytest -q $(PYTEST_ARGS)
