# The kit's commands.  Every target that needs the environment builds or
# reuses it first (scripts/setup-env.sh; a stamp makes reuse take seconds).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
export PYTHON VENV

.PHONY: env figures test lab benchmarks lock clean-env

env:
	@bash scripts/setup-env.sh

## make figures: run every notebook headless on the bundled corpora, writing figures/
## make figures CORPUS=path/to/corpus [LEXICON=file.yaml] [OUTPUT=dir]: the same on your own
## corpus, writing to figures/<corpus name>/ (or OUTPUT)
figures: env
	@$(PY) -m kit.notebooks $(if $(CORPUS),--corpus "$(CORPUS)") $(if $(LEXICON),--lexicon "$(LEXICON)") $(if $(OUTPUT),--output "$(OUTPUT)") notebooks/*.ipynb

## make test: the pytest suite, notebooks executed headless included
test: env
	@$(PY) -m pytest

## make lab: JupyterLab on notebooks/ with the kit importable
lab: env
	@bash scripts/lab.sh

benchmarks: env
	@for b in benchmarks/bench_*.py; do $(PY) $$b || exit 1; done

## make lock: refresh requirements.lock (exact versions of every package) from the environment
lock: env
	@$(PY) -m pip freeze --exclude-editable | grep -v '^-e' > requirements.lock.tmp && mv requirements.lock.tmp requirements.lock

clean-env:
	rm -rf $(VENV)
