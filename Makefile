# The two commands a new user needs: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    := out

.PHONY: demo test lint typecheck pytest bench screenshots serve browser fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps re-run the install whenever pyproject.toml changes.
$(VENV)/.installed-core: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[plot]'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[plot,test]'
	touch $@ $(VENV)/.installed-core

$(VENV)/.installed-web: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[plot,web]'
	touch $@

demo: $(VENV)/.installed-core
	$(BIN)/dragoman scenarios
	$(BIN)/dragoman validate gaza-ceasefire-2024
	$(BIN)/dragoman analyze gaza-ceasefire-2024 --plot $(OUT)/gaza-ceasefire-2024.png
	@echo "== Shuttle negotiation of the flagship, as modelled (US, Egypt, Qatar mediate) =="
	@rm -f $(OUT)/gaza-shuttle.jsonl  # each demo logs one session (a log is appended to)
	$(BIN)/dragoman negotiate gaza-ceasefire-2024 --protocol shuttle --seed 1 \
		--mediator US=nash --log $(OUT)/gaza-shuttle.jsonl
	@echo "== What if one side dropped its corridor red line? (each side in turn) =="
	$(BIN)/dragoman negotiate gaza-ceasefire-2024 --protocol shuttle --seed 1 --quiet \
		--mediator US=nash --drop-red-line Israel:philadelphi_corridor
	$(BIN)/dragoman negotiate gaza-ceasefire-2024 --protocol shuttle --seed 1 --quiet \
		--mediator US=nash --drop-red-line Hamas:philadelphi_corridor
	$(BIN)/dragoman implement gaza-ceasefire-2024 --seed 1 --plot $(OUT)/gaza-implementation.png
	$(BIN)/dragoman report gaza-ceasefire-2024 --log $(OUT)/gaza-shuttle.jsonl -o $(OUT)/gaza-report.html

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy src

# The browser the web app's end-to-end tests drive: Debian's chromium (never `playwright
# install`). Installed when missing, as root (CI is root); others are told how.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
		else echo "no /usr/bin/chromium: the browser tests skip (sudo apt-get install chromium)"; fi; \
	fi

pytest: $(VENV)/.installed-test browser
	$(BIN)/python -m pytest -n auto --durations=10

test: lint typecheck pytest

bench: $(VENV)/.installed-test
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/bench_analysis.py
	$(BIN)/python benchmarks/bench_engine.py
	$(BIN)/python benchmarks/bench_phases.py
	$(BIN)/python benchmarks/bench_domains.py
	$(BIN)/python benchmarks/bench_mediation.py
	$(BIN)/python benchmarks/bench_experiments.py
	$(BIN)/python benchmarks/bench_web.py

# The README's pictures of the web app, taken by the end-to-end test in chromium.
screenshots: $(VENV)/.installed-test browser
	DRAGOMAN_SCREENSHOTS=docs/img $(BIN)/python -m pytest -q tests/web/test_web_browser.py

# The web app on http://127.0.0.1:8000/ (a SQLite file in the working folder).
serve: $(VENV)/.installed-web
	$(BIN)/dragoman serve

# Coverage-guided fuzzing of every parser (atheris), FUZZ_SECONDS per target; not part of `test`
# (the bounded hypothesis fuzz suite in tests/fuzz is). Findings are saved under out/atheris.
FUZZ_SECONDS ?= 30
fuzz: $(VENV)/.installed-test
	$(BIN)/python -m pip install --quiet -e '.[fuzz]'
	$(BIN)/python tests/fuzz/atheris/run_all.py --seconds $(FUZZ_SECONDS) --out $(OUT)/atheris

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache .hypothesis build dist src/*.egg-info
