# make run: the window on the seed article.  make test: lint, format check and every test.
# Each target creates .venv and installs what it needs the first time (or when pyproject.toml changes).
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SEED   := seeds/xi-putin-nato-guardian-spun.txt

.PHONY: run test lint bench devscore clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/unspin gui $(SEED)

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The held-out-article figure (bench/devscore.py) is the one to move; score.py through `unspin correct` is the
# mirror (tables and weights that saw these very copies).
devscore: $(STAMP)
	$(PY) bench/devscore.py --mirror
	$(PY) ../shared/devset/score.py --cmd "$(VENV)/bin/unspin correct {in}" --show

bench: $(STAMP)
	$(PY) -m pip install -q -e '.[bench]'
	$(PY) bench/accuracy.py
	$(PY) bench/seed_report.py
	$(PY) bench/speed.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
