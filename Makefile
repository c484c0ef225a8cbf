# The two commands of the README. Both are idempotent and set everything up on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

.PHONY: run test clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml setup.py netbuilder/core/_fused.c netbuilder/core/_fused_layers.c netbuilder/core/_fused_windows.c netbuilder/core/_fused_common.h | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml setup.py netbuilder/core/_fused.c netbuilder/core/_fused_layers.c netbuilder/core/_fused_windows.c netbuilder/core/_fused_common.h | $(PY)
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@ $(STAMP_RUN)

run: $(STAMP_RUN)
	$(VENV)/bin/netbuilder $(ARGS)

test: $(STAMP_TEST)
	$(PY) -m ruff check netbuilder tests benchmarks assets
	QT_QPA_PLATFORM=offscreen KERAS_BACKEND=jax $(PY) -m pytest -q $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info
