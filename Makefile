# The README's two commands are the contract: `make serve` and `make test`
# each set up everything they need on a fresh Debian machine with Python 3.11,
# git and make. Every target is a thin wrapper over python -m scripts or pytest.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The engine that builds the site: mkdocs, or properdocs (README "Leaving MkDocs").
ENGINE ?= mkdocs
export NO_MKDOCS_2_WARNING := 1

# Run apt-get as root, or through sudo when we are not root.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve build test bench offline check clean install install-test system-deps

$(VENV)/.installed: requirements.txt scripts/build/pagefind_release.py
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is missing: install Python 3.11 first."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	# Pagefind (search) is pinned by version and SHA-512 in that file; no npm needed.
	$(PY) -m scripts install-pagefind
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.txt requirements-properdocs.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

# ProperDocs installs beside MkDocs without conflict (its own module name,
# properdocs; mkdocs.* is aliased to it only in a ProperDocs run).
$(VENV)/.installed-properdocs: $(VENV)/.installed requirements-properdocs.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-properdocs.txt
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test system-deps node_modules/.installed

# Debian packages the tests need: Chromium for browser tests, Java for the
# HTML validator, Node/npm for axe-core and vnu-jar, poppler-utils (pdftotext)
# for the print tests. Installed only when missing.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

# Rebuilds on every change under docs/, data/, overrides/ and mkdocs.yml; a failed
# build keeps the last good site served, with the error shown on every page.
serve: $(VENV)/.installed
	$(PY) -m scripts serve --host $(HOST) --port $(PORT)

build: $(VENV)/.installed $(if $(filter properdocs,$(ENGINE)),$(VENV)/.installed-properdocs)
	$(PY) -m scripts build --engine $(ENGINE)

check: $(VENV)/.installed
	$(PY) -m scripts check

test: install-test
	$(PY) -m pytest

# Bench-only tools (Lighthouse, Astro + Starlight for the side-by-side table),
# pinned in bench/package-lock.json; make test never installs them.
bench/node_modules/.installed: bench/package.json bench/package-lock.json
	cd bench && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

bench: install-test bench/node_modules/.installed
	$(PY) -m scripts bench

offline: $(VENV)/.installed
	$(PY) -m scripts offline

clean:
	rm -rf site site.old .site-new-* .kc-search-* dist .pytest_cache
