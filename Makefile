# ChiDao: `make run` to try it, `make test` to check it. Python 3.11 is all you need.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
DEV_ENV := DJANGO_DEBUG=1 DJANGO_HTTPS=0

.PHONY: run serve bundle test install install-dev lint messages makemessages bench check-deploy clean sbom audit-deps secrets fuzz load

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

messages: $(VENV)/.installed
	$(PY) -m chidao.lib.catalogues chidao

## Install, migrate SQLite, seed the demo province, start web + worker + scheduler.
run: install messages
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py seed_demo
	$(DEV_ENV) $(PY) manage.py serve --port $(PORT)

## Production mode on one server (DJANGO_DEBUG=0; needs DJANGO_SECRET_KEY and the
## deployment's environment, see docs/DEPLOY.md): collect static files, migrate,
## then gunicorn + db_worker + scheduler until stopped.
PROD_ENV := DJANGO_DEBUG=0
serve: install messages
	$(PROD_ENV) $(PY) manage.py check --deploy --fail-level ERROR
	$(PROD_ENV) $(PY) manage.py collectstatic --noinput -v 0
	$(PROD_ENV) $(PY) manage.py migrate --noinput
	$(PROD_ENV) $(PY) manage.py check_history --prepare-standing
	$(PROD_ENV) $(PY) manage.py run_production

## One archive for a server with no package registry (scripts/install-offline.sh).
bundle: install messages
	scripts/bundle.sh

## Install test tools and run the whole suite (the same command CI runs).
test: install-dev messages
	$(PY) manage.py makemigrations --check --dry-run --settings=chidao.settings.test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest -q

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check . || true

## Django's deployment checks with production-like environment values, on a
## freshly migrated database (no demo accounts may exist, SECURITY.md 25).
## CI's container sees the host's clock, so the NTP check is left to the host.
DEPLOY_ENV := DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	DJANGO_ALLOWED_HOSTS=chidao.example.gov.vn DJANGO_DEBUG=0 \
	CLAMAV_TCP=127.0.0.1:3310 LOG_SYSLOG_ADDRESS=127.0.0.1:514 REQUIRE_NTP_SYNC=0 \
	DATABASE_URL=sqlite:///$(CURDIR)/var/check-deploy.sqlite3
check-deploy: install
	mkdir -p var && rm -f var/check-deploy.sqlite3
	$(DEPLOY_ENV) $(PY) manage.py migrate --noinput -v 0
	$(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING

## CycloneDX SBOM of the installed, pinned dependencies (SECURITY.md 58).
sbom: install-dev
	mkdir -p var
	$(VENV)/bin/cyclonedx-py environment --of JSON -o var/sbom.cdx.json $(PY)
	@echo "SBOM: var/sbom.cdx.json"

## Known vulnerabilities (pip-audit; accepted ones in .pip-audit-ignore).
audit-deps: install-dev
	$(PY) scripts/ci/audit_dependencies.py

## Secrets in the tree: anything not in .secrets.baseline fails.
secrets: install-dev # pragma: allowlist secret
	$(PY) scripts/ci/secret_scan.py

## Issue 12 / SECURITY.md 57: 300 sessions for 3 minutes against the production
## server (gunicorn, DJANGO_DEBUG=0) on the loopback PostgreSQL with 1M tasks
## (database bench1m, seeded once; LOAD_USERS, LOAD_DB, LOAD_TASKS to change).
## Too long for `make test` and CI: figures in docs/PERFORMANCE.md.
load: install-dev messages
	scripts/ci/load.sh

## Schemathesis against the running demo as two roles (SECURITY.md 32).
fuzz: install-dev messages
	scripts/ci/fuzz_api.sh

## Benchmarks; the 1M-task one needs PostgreSQL:
##   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench1m make bench ARGS="scale --tasks 1000000"
bench: install-dev messages
	$(PY) -m bench $(ARGS)

clean:
	rm -rf $(VENV) staticfiles var db.sqlite3

## Extract strings: one catalogue per app, one for project-wide templates (needs GNU gettext).
APPS := lib audit agencies accounts notifications workdays attachments directives tasks intake reader reports imports scheduling operations api demo
makemessages: install
	for app in $(APPS); do mkdir -p chidao/$$app/locale; \
	  (cd chidao/$$app && ../../$(PY) ../../manage.py makemessages -l vi --no-obsolete -i 'tests/*' -i 'migrations/*' >/dev/null); done
	cd chidao && ../$(PY) ../manage.py makemessages -l vi --no-obsolete $(foreach a,$(APPS),-i '$(a)/*') -i 'settings/*' >/dev/null
