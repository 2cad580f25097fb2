# One virtual environment in .venv, made on first use; every target runs inside it.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run test bench docs serve dist clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[docs,dev,keras2]"
	touch $(STAMP)

run: install
	$(PY) -m scenarios all --keras both

test: install
	$(PY) -m pytest -q

bench: install
	$(PY) -m scenarios.machinery.bench

docs: install
	$(PY) -m scenarios.machinery.docsite build

serve: install
	$(PY) -m scenarios.machinery.docsite serve

# The wheel a downloaded notebook installs from, built from the files git sees (no attempts, nothing generated).
dist: install
	$(PY) -m scenarios.machinery.docsite.build wheel dist

clean:
	rm -rf site .cache docs/generated dist
