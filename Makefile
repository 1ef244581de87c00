# bilateral — `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m ipykernel install --prefix $(VENV) --name python3 >/dev/null
	@touch $(STAMP)

.PHONY: help venv test test-fast lint mutation report reports validate benchmark clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*## "}{printf "  make %-10s %s\n", $$1, $$2}'

venv: $(STAMP) ## create .venv and install requirements.txt (re-runs when it changes)

test: lint ## lint, type-check and run every test
	$(BIN)/python -m pytest

test-fast: $(STAMP) ## run the tests that start no kernel and no browser
	$(BIN)/python -m pytest -m "not slow"

lint: $(STAMP) ## ruff and mypy on bilateral/ (zero findings)
	$(BIN)/ruff check bilateral
	$(BIN)/mypy

mutation: $(STAMP) ## mutation testing with mutmut (slow, about 30 min; not in make test or CI)
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2
	$(BIN)/mutmut export-cicd-stats
	@$(BIN)/python -c "import json; s = json.load(open('mutants/mutmut-cicd-stats.json')); \
	  tested = s['total'] - s['no_tests']; \
	  print(f\"killed {s['killed']} of {tested} mutants the fast tests run ({s['killed'] / tested:.0%}); \
	  {s['survived']} survived, {s['timeout']} timed out, {s['no_tests']} in code no fast test runs\")"
	@echo "list the survivors: $(BIN)/mutmut results; show one: $(BIN)/mutmut show NAME"

validate: $(STAMP) ## check data/events.csv against data/datapackage.json
	$(BIN)/bilateral validate data/events.csv

report: $(STAMP) ## render the full-history report to reports/ (HTML + PDF)
	$(BIN)/bilateral render notebooks/params/full_history.yaml
	@echo "HTML: $(CURDIR)/reports/full_history/full_history.html"
	@echo "PDF:  $(CURDIR)/reports/full_history/full_history.pdf"

reports: $(STAMP) ## render every variant in notebooks/params/
	$(BIN)/bilateral render notebooks/params/*.yaml

benchmark: $(STAMP) ## run the benchmarks (prints tables)
	$(BIN)/python benchmarks/render.py
	$(BIN)/python benchmarks/ingest.py

clean: ## remove generated reports (keeps .venv)
	find reports -mindepth 1 ! -name README.md -exec rm -rf {} +
