# Interpersonal Process in Therapy: everyday commands. `make help` lists them.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check

.DEFAULT_GOAL := help
.PHONY: help lab test test-deps lint format lock benchmark check clean

help:  ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.lab-installed: requirements/lock.txt pyproject.toml | $(BIN)/python
	$(PIP) install -r requirements/lock.txt
	$(PIP) install --no-deps -e .
	touch $@

$(VENV)/.test-installed: requirements/test.txt pyproject.toml | $(BIN)/python
	$(PIP) install -r requirements/test.txt
	$(PIP) install --no-deps -e .
	touch $@ $(VENV)/.lab-installed

# Local only, no calls home (news, update checks, the extension manager's PyPI search).
LAB_PORT ?= 8888
LAB_FLAGS := --ServerApp.ip=127.0.0.1 --ServerApp.port=$(LAB_PORT) --ServerApp.root_dir=notebooks \
	--LabApp.default_url=/lab/tree/00_start_here.ipynb \
	--LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
	--LabApp.extension_manager=readonly \
	$(if $(filter 0,$(shell id -u)),--ServerApp.allow_root=True)

lab: $(VENV)/.lab-installed  ## Set up (first time) and open the course in JupyterLab
	$(BIN)/jupyter lab $(LAB_FLAGS)

test: $(VENV)/.test-installed  ## Set up (first time) and run every test
	$(BIN)/python -m pytest -n 2 -m "not browser and not hub"
	$(BIN)/python -m pytest -m "browser or hub"

test-deps:  ## Install what browser and hub tests need (Chromium, Node packages; needs root)
	.ci/install-system-deps

lint: $(VENV)/.test-installed  ## Check code style
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(VENV)/.test-installed  ## Fix code style
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

check: $(VENV)/.lab-installed  ## Validate every question bank, case and finding
	$(BIN)/python -m course_utils check

benchmark: $(VENV)/.test-installed  ## Measure slider-to-redraw time and kernel memory
	$(BIN)/python benchmarks/run.py

lock: | $(BIN)/python  ## Re-pin dependencies after editing pyproject.toml
	$(PIP) install uv
	$(BIN)/python -m uv pip compile pyproject.toml --universal --python-version 3.11 -o requirements/lock.txt
	$(BIN)/python -m uv pip compile pyproject.toml --universal --python-version 3.11 --extra test \
		-c requirements/lock.txt -o requirements/test.txt

clean:  ## Remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache
