# Each of these commands does all the set-up on a fresh machine with Python 3.11:
#   make site      — virtual environment, install, validate and build the demo site into site/
#   make test      — the same set-up, then every test
#   make test-fast — the same set-up, then every test not marked browser, office or slow (see
#                    pyproject.toml): under a minute on two cores, and needs neither Chromium nor LibreOffice
PYTHON ?= python3
CHROMIUM := /usr/bin/chromium
SOFFICE := /usr/bin/soffice
PDFTOPPM := /usr/bin/pdftoppm
JAVA := /usr/bin/java
NPM := /usr/bin/npm
# The W3C Nu HTML checker, which tests/test_html_checker.py runs on a page of every family (npm's vnu-jar).
VNU_VERSION := 26.9.27
VNU := .venv/vnu/node_modules/vnu-jar/build/dist/vnu.jar
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: site test test-fast lint validate serve demo clean

# uv installs the same pinned packages as pip, in seconds rather than half a minute (see the README).
UV_VERSION := 0.13.9
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

site: $(STAMP)
	$(BIN)/dti build

validate: $(STAMP)
	$(BIN)/dti validate data

# Browser tests drive Debian's Chromium; install it when it is missing.
$(CHROMIUM):
	if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium

# The forms' tests print them with LibreOffice and turn the PDF into PNG with poppler; install when missing.
$(SOFFICE):
	if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libreoffice-calc-nogui

$(PDFTOPPM):
	if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq poppler-utils

$(JAVA):
	if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq default-jre-headless

$(NPM):
	if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq npm

$(VNU): $(STAMP) $(NPM)
	$(NPM) install --silent --no-audit --no-fund --prefix $(VENV)/vnu vnu-jar@$(VNU_VERSION)

# Tests run on every core (pytest-xdist); a file's tests stay together, so its fixtures are made once.
TEST_WORKERS ?= auto
test: $(STAMP) $(CHROMIUM) $(SOFFICE) $(PDFTOPPM) $(JAVA) $(VNU)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

test-fast: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile -m "not browser and not office and not slow"

# Errors that are never style (unused or undefined names, functions too tangled to read): see pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check generator tests bench

serve: site
	cd site && ../$(BIN)/python -m http.server 8000

demo: $(STAMP)
	$(BIN)/dti demo data

clean:
	rm -rf site $(VENV) .pytest_cache .hypothesis
