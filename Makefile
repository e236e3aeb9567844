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

.PHONY: demo-code pytest run test lint messages compilemessages install chromium gettext bench clean lock audit deploy-tools

# Every install (this one, CI's, bin/install-server's) takes exact versions with hashes from requirements/:
# base.txt for production, dev.txt adds the test tools, bench.txt the load test. `make lock` remakes them
# after a change of pyproject.toml (tests/test_lock.py fails until then).
$(VENV)/.installed: requirements/dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --require-hashes -r requirements/dev.txt
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
	$(VENV)/bin/lint-imports --no-cache --no-logo

# The owner role migrates, the app role (DATABASE_URL) serves: as in production (docs/deployment.md).
# `make run PORT=8001 HOST=0.0.0.0` serves elsewhere (any host name is then accepted: development only).
PORT ?= 8000
HOST ?= 127.0.0.1
SERVED_HOSTS = $(if $(filter 0.0.0.0 ::,$(HOST)),*,$(HOST),127.0.0.1,localhost)
SHOWN_HOST = $(if $(filter 0.0.0.0 ::,$(HOST)),127.0.0.1,$(HOST))
run: install compilemessages
	$(RUN_ENV) ALLOWED_HOSTS='$(SERVED_HOSTS)' JOUR_URL=http://$(SHOWN_HOST):$(PORT) $(DEVDB) -- bash -c '\
		DATABASE_URL="$$DATABASE_OWNER_URL" $(PY) manage.py migrate --noinput -v 0 && \
		$(PY) manage.py seed_demo --scale demo --if-empty && \
		$(PY) manage.py demo_logins && \
		exec $(PY) manage.py runserver $(HOST):$(PORT)'

# age and caddy for the deployment tests, unpacked from Debian's packages into var/tools (nothing installed
# on the machine, no service started); without apt-get those tests are skipped and say why.
TOOLS := var/tools/root/usr/bin
deploy-tools:
	@if [ ! -x $(TOOLS)/age ] || [ ! -x $(TOOLS)/caddy ]; then \
		if command -v apt-get >/dev/null; then \
			echo "Unpacking Debian's age and caddy into var/tools for the deployment tests"; \
			mkdir -p var/tools/debs && cd var/tools/debs && \
			{ apt-get download age caddy >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get download age caddy >/dev/null; }; } && \
			for deb in *.deb; do dpkg -x $$deb ../root; done; \
		else echo "apt-get missing: the deployment tests that need age and caddy will be skipped."; fi; fi

# The suite in TEST_JOBS processes (pytest-xdist; each its own test database): 2 fits the 2-core CI machine.
# Tests are spread one by one (--dist load keeps the order pytest-django needs: transactional tests last). The
# real installs (-m deploy) share PostgreSQL roles and one module-scoped install, so they run after, in one process
# (exit status 5: PYTEST_ARGS chose none of them).
TEST_JOBS ?= 2
test: install compilemessages chromium deploy-tools
	$(PY) -m ruff check .
	$(PY) -m ruff format --check -q .
	$(VENV)/bin/lint-imports --no-cache --no-logo
	$(TEST_ENV) $(DEVDB) --throwaway -- bash -c '\
		$(PY) manage.py makemigrations --check --dry-run -v 1 && \
		$(PY) -m pytest -q -n $(TEST_JOBS) --dist load -m "not deploy" $(PYTEST_ARGS) && \
		{ $(PY) -m pytest -q -m deploy $(PYTEST_ARGS) || [ $$? = 5 ]; }'

# National-scale load test (see README "Scale and benchmarks"); its cluster and data persist in var/bench-pg.
bench: install compilemessages
	$(PY) -m pip install -q --require-hashes -r requirements/bench.txt
	$(DEVDB) --dir var/bench-pg -- $(PY) -m bench.run $(BENCH_ARGS)

clean:
	rm -rf var/pg var/staticfiles

demo-code: install
	@$(RUN_ENV) $(DEVDB) -- $(PY) manage.py demo_logins

# Only the tests (no lint, no migration check): `make pytest PYTEST_ARGS=tests/calls`.
pytest: install compilemessages deploy-tools
	$(TEST_ENV) $(DEVDB) --throwaway -- $(PY) -m pytest -q $(PYTEST_ARGS)

# The lock files (pip-tools, hashes of every file of each pinned release on PyPI). Needs the package index.
PIP_COMPILE := PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS= var/lock-venv/bin/pip-compile -q --generate-hashes \
	--allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --index-url https://pypi.org/simple
lock:
	@[ -x var/lock-venv/bin/pip-compile ] || { $(PYTHON) -m venv var/lock-venv && var/lock-venv/bin/pip install -q pip-tools==7.7.0; }
	$(PIP_COMPILE) -o requirements/base.txt pyproject.toml
	$(PIP_COMPILE) --extra dev -c requirements/base.txt -o requirements/dev.txt pyproject.toml
	$(PIP_COMPILE) --extra dev --extra bench -c requirements/dev.txt -o requirements/bench.txt pyproject.toml
	$(PIP_COMPILE) -o requirements/audit.txt requirements/audit.in

# Known vulnerabilities in the locked versions (pip-audit, PyPI's advisory data per release). Where that is not
# reachable (offline, or an index mirror without PyPI's JSON API) it says so and checks nothing.
AUDIT_PROBE := https://pypi.org/pypi/django/4.2/json
audit:
	@if ! $(PYTHON) -c "import urllib.request; urllib.request.urlopen('$(AUDIT_PROBE)', timeout=10)" 2>/dev/null; then \
		echo "make audit: SKIPPED - PyPI's vulnerability data ($(AUDIT_PROBE)) is not reachable from here; nothing was checked."; \
		exit 0; fi; \
	[ -x var/audit-venv/bin/pip-audit ] || { $(PYTHON) -m venv var/audit-venv && \
		var/audit-venv/bin/pip install -q --require-hashes -r requirements/audit.txt; } && \
	for lock in requirements/base.txt requirements/dev.txt requirements/bench.txt; do echo "pip-audit $$lock"; \
		var/audit-venv/bin/pip-audit --progress-spinner off --require-hashes --disable-pip -r $$lock || exit 1; done
