# Two commands set up a fresh machine:
#   make build   creates .venv, installs nmo-feed, builds the NMO show from episodes/ into out/
#   make test    installs everything the tests need (Python test deps, Debian's chromium,
#                Java and ffmpeg, the npm checkers) and runs the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
JS     := tests/js
# apt-get needs root; use sudo when not root and sudo exists.
SUDO   := $(shell [ "$$(id -u)" = 0 ] || command -v sudo)

.PHONY: build test check golden speech-golden messages clean

build: $(VENV)/.installed
	$(BIN)/nmo-feed build --source episodes --out out

check: $(VENV)/.installed
	$(BIN)/nmo-feed check --source episodes

test: system-deps $(VENV)/.test-installed $(JS)/node_modules/.installed
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

# Regenerate the golden output trees and diagnostics after an intended change; review the diff.
golden: $(VENV)/.test-installed
	$(BIN)/python -m pytest tests/golden --update-golden

# Regenerate the expected screen-reader readings (tests/speech/expected) after an intended
# change to the pages; review the diff like a golden file.
speech-golden: $(VENV)/.test-installed $(JS)/node_modules/.installed
	$(BIN)/python -m pytest tests/speech --update-golden

# The page wording's catalogues (README, "Translating the pages"): extract every message of
# the templates and the Python that words the pages into src/nmo_feed/locale/messages.pot,
# merge it into each language's messages.po (new messages untranslated, changed ones
# fuzzy), and compile each .po into the messages.mo the build reads (with a fixed date in
# place of the time it ran, so the same messages compile to the same bytes). Translate, then run it again; the tests
# fail while the Spanish catalogue lacks a translation.
LOCALE := src/nmo_feed/locale
messages: $(VENV)/.installed
	$(BIN)/pybabel --quiet extract -F babel.cfg --no-location --sort-output --omit-header \
		--add-comments Translators: -o $(LOCALE)/messages.pot .
	@for po in $(LOCALE)/*/LC_MESSAGES/messages.po; do \
		$(BIN)/pybabel --quiet update --no-fuzzy-matching --ignore-obsolete \
			-i $(LOCALE)/messages.pot -o $$po -l $$(basename $$(dirname $$(dirname $$po))) || exit 1; \
		sed -i 's/^"POT-Creation-Date: .*/"POT-Creation-Date: 2000-01-01 00:00+0000\\n"/' $$po; \
	done
	$(BIN)/pybabel compile --statistics -d $(LOCALE) -D messages

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# --ignore-scripts: vnu-jar's postinstall would try to download a Java runtime; we use Debian's.
$(JS)/node_modules/.installed: $(JS)/package.json $(JS)/package-lock.json
	cd $(JS) && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# Debian's Chromium (no browser download by any tool), a Java runtime for the Nu checker,
# ffmpeg (makes the tagging tests' media and reads the tags back with ffprobe), and Node.js
# with npm for the npm checkers where the machine has none.
.PHONY: system-deps
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v java >/dev/null \
			|| ! command -v ffprobe >/dev/null || ! command -v npm >/dev/null; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
			chromium openjdk-17-jre-headless fonts-dejavu-core ffmpeg \
			$$(command -v npm >/dev/null || echo nodejs npm) >/dev/null; \
	fi

# The benchmark against Hugo (benchmarks/README.md): N = 500 and 4,000, 3 runs each; about
# 9 minutes. Installs Debian's hugo where missing. Options: BENCH_ARGS=...
.PHONY: bench
bench: $(VENV)/.installed
	@command -v hugo >/dev/null || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
			hugo >/dev/null; }
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

# Huge input at full size (tests/huge): full builds of a 200,000-cue WebVTT file and of a 50 MB
# transcript, and the CLI on a show of 10,000 episodes; several minutes. `make test` runs the
# reading of each at full size, with its located error, memory bound and linear time.
# Also every kill point of a full build and a rebuild, SIGKILL and SIGINT
# (tests/e2e/test_torture.py; `make test` tries every seventh).
.PHONY: torture
torture: $(VENV)/.test-installed
	NMO_FEED_TORTURE=1 $(BIN)/python -m pytest -s -q tests/huge tests/e2e/test_torture.py

# Coverage-guided fuzzing of every reader with atheris (tests/fuzz/harness.py), FUZZ_SECONDS
# per target; the corpus grows in .fuzz/<target>, crashes land in .fuzz/crash-*. Each crash
# becomes a file in tests/fuzz/crashes/<target>/, replayed by `make test`.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := front-matter show-toml glossary-toml markdown plain vtt srt json-transcript chapters-json
.PHONY: fuzz
fuzz: $(VENV)/.test-installed
	@for target in $(FUZZ_TARGETS); do \
		$(BIN)/python tests/fuzz/harness.py $$target --seed .fuzz/$$target >/dev/null 2>&1 || exit 1; \
		$(BIN)/python tests/fuzz/harness.py $$target .fuzz/$$target -max_total_time=$(FUZZ_SECONDS) \
			-timeout=10 -rss_limit_mb=2048 -max_len=65536 -artifact_prefix=.fuzz/ \
			-print_final_stats=1 >.fuzz/$$target.log 2>&1; status=$$?; \
		grep -E "^(stat::number_of_executed_units|SUMMARY)" .fuzz/$$target.log | sed "s/^/$$target: /"; \
		[ $$status = 0 ] || { echo "$$target: crash, see .fuzz/$$target.log"; exit 1; }; \
	done

clean:
	rm -rf out .out.* $(VENV) $(JS)/node_modules .pytest_cache
