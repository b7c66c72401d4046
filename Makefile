# The two commands of the README: `make run` and `make test`. Everything else is a step they need.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export HF_HUB_OFFLINE := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

RASA := .venv-rasa/bin/rasa
PY := .venv/bin/python
RASA_DATA := --domain bot/domain --data bot/data --config config.yml

.PHONY: help envs index run test lint format model validate test-stories test-python test-browser docs-screenshots browser-deps redis-server postgres-for-tests run-prod run-prod-packages deploy-check-tools nlu-crossval bench lock-rasa lock-app clean

help:
	@echo "make run    start the assistant on loopback (installs and trains what is missing)"
	@echo "make test   install what the tests need and run the whole suite"
	@echo "make nlu-crossval | bench | lint | format | clean"

.venv-rasa/.installed: requirements/rasa.txt
	@py=$$(deploy/find-python.sh 3.10) && [ -x .venv-rasa/bin/python ] || $$py -m venv .venv-rasa
	.venv-rasa/bin/pip install --quiet --upgrade pip==24.0
	.venv-rasa/bin/pip install --quiet -r requirements/rasa.txt
	touch $@

.venv/.installed: requirements/app.txt pyproject.toml
	@py=$$(deploy/find-python.sh 3.11) && [ -x .venv/bin/python ] || $$py -m venv .venv
	.venv/bin/pip install --quiet --upgrade pip==24.0
	.venv/bin/pip install --quiet -r requirements/app.txt
	.venv/bin/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

envs: .venv-rasa/.installed .venv/.installed

model: envs
	@deploy/model.sh >/dev/null

# Incremental: re-reads only added or changed files; exit status 3 (some files skipped, each listed with
# its reason) still leaves a usable index.
index: .venv/.installed
	.venv/bin/cdm index || [ $$? -eq 3 ]

run: envs model index
	deploy/run.sh

# The production topology on loopback (deploy/prod.py): nginx on 127.0.0.1:8080 the only door, two Rasa
# replicas on Redis, two action servers, the desk on PostgreSQL; the same as deploy/k8s.
run-prod: envs model index run-prod-packages
	CDM_MODEL="$$(deploy/model.sh)" $(PY) -m deploy.prod

# Debian's nginx, Redis and PostgreSQL, for run-prod and its test (tests/deploy/test_run_prod.py).
run-prod-packages: redis-server postgres-for-tests
	@[ -x /usr/sbin/nginx ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx; }

# kubectl, whose `kubectl kustomize` renders deploy/k8s for the static checks (tests/deploy/test_manifests.py);
# hadolint and kubernetes-validate come from PyPI (requirements/app.in).
deploy-check-tools:
	@command -v kubectl >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubectl; }

lint: .venv/.installed
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: .venv/.installed
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

validate: .venv-rasa/.installed
	$(RASA) data validate --fail-on-warnings $(RASA_DATA)

test-stories: model
	$(RASA) test core --stories bot/tests --model "$$(deploy/model.sh)" --fail-on-prediction-errors \
	  --out var/results/stories

test-python: model index browser-deps run-prod-packages deploy-check-tools
	CDM_MODEL="$$(deploy/model.sh)" .venv/bin/pytest -p no:cacheprovider

test: lint validate test-stories test-python

# Debian's PostgreSQL, for the desk's tests (tests/desk start their own server with pytest-postgresql).
postgres-for-tests:
	@command -v pg_ctl >/dev/null || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql; }

# Debian's Redis server, for the tests of the production tracker store (pytest-redis starts and stops it).
redis-server:
	@[ -x /usr/bin/redis-server ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server; }

# Browser tests (tests/browser): Debian's Chromium driven by Playwright (never `playwright install`), and
# axe-core vendored from the npm registry at a pinned version whose tarball must match a pinned digest.
AXE_VERSION := 4.14.1
AXE_SHA512 := FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==
AXE_DIR := tests/browser/fixtures/axe-core-$(AXE_VERSION)

$(AXE_DIR)/axe.min.js:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  (cd "$$tmp" && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null) && \
	  [ "$$(openssl dgst -sha512 -binary "$$tmp/axe-core-$(AXE_VERSION).tgz" | base64 -w0)" = "$(AXE_SHA512)" ] && \
	  tar -xzf "$$tmp/axe-core-$(AXE_VERSION).tgz" -C "$$tmp" package/axe.min.js package/LICENSE && \
	  mkdir -p $(AXE_DIR) && cp "$$tmp/package/LICENSE" $(AXE_DIR)/LICENSE && cp "$$tmp/package/axe.min.js" $@

# rasa-webchat, the standard Rasa socket.io client the socket.io channel is tested with (its UMD bundle).
WEBCHAT_VERSION := 1.0.1
WEBCHAT_SHA512 := Ld1zVJvTAaTrs6A5p8t70agNNrKYRyXlvqXZRgBoDvKKUXbA0jhJKECi5bdPGlaR6jsmqWtVylHS+YqIqo0x8w==
WEBCHAT_DIR := tests/browser/fixtures/rasa-webchat-$(WEBCHAT_VERSION)

$(WEBCHAT_DIR)/index.js:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  (cd "$$tmp" && npm pack --silent rasa-webchat@$(WEBCHAT_VERSION) >/dev/null) && \
	  [ "$$(openssl dgst -sha512 -binary "$$tmp/rasa-webchat-$(WEBCHAT_VERSION).tgz" | base64 -w0)" = "$(WEBCHAT_SHA512)" ] && \
	  tar -xzf "$$tmp/rasa-webchat-$(WEBCHAT_VERSION).tgz" -C "$$tmp" package/lib/index.js package/LICENSE && \
	  mkdir -p $(WEBCHAT_DIR) && cp "$$tmp/package/LICENSE" $(WEBCHAT_DIR)/LICENSE && cp "$$tmp/package/lib/index.js" $@

browser-deps: $(AXE_DIR)/axe.min.js $(WEBCHAT_DIR)/index.js
	@[ -x /usr/bin/chromium ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; }

test-browser: model index browser-deps
	CDM_MODEL="$$(deploy/model.sh)" .venv/bin/pytest -p no:cacheprovider -m browser tests/browser

# The README's screenshots of the figures pages (docs/), taken by their browser test.
docs-screenshots: envs browser-deps
	CDM_DOCS_SCREENSHOTS=1 .venv/bin/pytest -p no:cacheprovider -q tests/desk/test_figures_browser.py

nlu-crossval: envs
	.venv-rasa/bin/python bench/nlu_crossval.py --folds 5 --config config.yml --out var/results/nlu

bench: model
	CDM_MODEL="$$(deploy/model.sh)" $(PY) bench/latency.py

lock-rasa: .venv-rasa/.installed
	{ echo "# Generated by 'make lock-rasa' from rasa.in: the complete pinned set for .venv-rasa (Python 3.10)."; \
	  .venv-rasa/bin/pip freeze --exclude-editable; } > requirements/rasa.txt

lock-app: .venv/.installed
	{ echo "# Generated by 'make lock-app' from app.in: the complete pinned set for .venv (Python 3.11)."; \
	  .venv/bin/pip freeze --exclude-editable | sed 's/^torch==\(.*\)+cpu/torch==\1/'; } > requirements/app.txt

clean:
	rm -rf var/results var/log
