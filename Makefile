# bilateral — `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
AXE_VERSION := 4.14.1
AXE := $(VENV)/axe/node_modules/axe-core/axe.min.js

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m ipykernel install --prefix $(VENV) --name python3 >/dev/null
	@touch $(STAMP)

# axe-core (accessibility audit) for the browser test, from the npm registry, pinned; the
# report itself never loads it. Without npm the browser test says so and skips the audit.
$(AXE):
	@if command -v npm >/dev/null 2>&1; then \
	  npm install --prefix $(VENV)/axe --no-save --no-audit --no-fund --loglevel=error \
	    axe-core@$(AXE_VERSION) >/dev/null; \
	else echo "npm not found: the accessibility audit (axe-core) will not run"; fi

MUTATION_SCORE = import json; s = json.load(open("mutants/mutmut-cicd-stats.json")); \
  k, t = s["killed"], s["total"] - s["no_tests"]; \
  print(f"killed {k} of the {t} mutants that the fast tests run ({k / t:.1%})"); \
  print("survived", s["survived"], "· timed out", s["timeout"], "· in code no fast test runs", \
        s["no_tests"])

.PHONY: help venv test test-fast lint mutation report reports validate benchmark clean axe

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*## "}{printf "  make %-10s %s\n", $$1, $$2}'

venv: $(STAMP) ## create .venv and install requirements.txt (re-runs when it changes)

axe: $(AXE) ## install axe-core for the browser test's accessibility audit

# The tests keep their bytecode even where PYTHONDONTWRITEBYTECODE is set (as on the CI
# machine): every test process then starts 2.5 s sooner. __pycache__/ is git-ignored.
test test-fast: export PYTHONDONTWRITEBYTECODE =

test: lint $(AXE) ## lint, type-check and run every test
	$(BIN)/python -m pytest

test-fast: $(STAMP) ## run the tests that start no kernel and no browser, on every core
	$(BIN)/python -m pytest -m "not slow" -n auto

lint: $(STAMP) ## ruff and mypy on bilateral/ (zero findings)
	$(BIN)/ruff check bilateral
	$(BIN)/mypy

mutation: $(STAMP) ## mutation testing with mutmut (slow, about 20 min; not in make test or CI)
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2
	$(BIN)/mutmut export-cicd-stats
	@$(BIN)/python -c '$(MUTATION_SCORE)'
	@echo "survivors: $(BIN)/mutmut results; one of them: $(BIN)/mutmut show NAME"

validate: $(STAMP) ## check every bundled table in data/events/ against data/schema/events.json
	$(BIN)/bilateral validate

report: $(STAMP) ## render the full-history report to reports/ (HTML + PDF)
	$(BIN)/bilateral render notebooks/params/full_history.yaml
	@echo "HTML: $(CURDIR)/reports/full_history/full_history.html"
	@echo "PDF:  $(CURDIR)/reports/full_history/full_history.pdf"

reports: $(STAMP) ## render every variant in notebooks/params/
	$(BIN)/bilateral render notebooks/params/*.yaml

benchmark: $(STAMP) ## run the benchmarks (prints tables)
	$(BIN)/python benchmarks/render.py
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/statistics.py
	$(BIN)/python benchmarks/compare.py
	$(BIN)/python benchmarks/explore.py

clean: ## remove generated reports (keeps .venv)
	find reports -mindepth 1 ! -name README.md -exec rm -rf {} +
