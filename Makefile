# The kit's commands.  Every target that needs the environment builds or
# reuses it first (scripts/setup-env.sh; a stamp makes reuse take seconds).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
export PYTHON VENV

.PHONY: env figures test test-fast lab benchmarks lock clean-env

env:
	@bash scripts/setup-env.sh

## make figures: run every notebook headless on the bundled corpora, writing figures/
## make figures CORPUS=path/to/corpus [LABEL=… TEXT_COLUMN=… TITLE_COLUMN=… ID_COLUMN=…
##   DATE_COLUMN=… GROUP_BY=… TO_SIMPLIFIED=1 LEXICON=file.yaml OUTPUT=dir]: the same on your
##   own corpus, writing to figures/<corpus>/ (or OUTPUT)
## make figures JOBS=N: run N notebooks at once (default: one per CPU); the files written are the same
# The corpus options reach the notebooks as environment variables, exactly as
# typed: $(value …) keeps a '$' and nothing passes through a shell, so no
# character in a path can run a command.
ifdef CORPUS
override CORPUS := $(value CORPUS)
export CORPUS
endif
ifdef LABEL
override LABEL := $(value LABEL)
export LABEL
endif
ifdef TEXT_COLUMN
override TEXT_COLUMN := $(value TEXT_COLUMN)
export TEXT_COLUMN
endif
ifdef TITLE_COLUMN
override TITLE_COLUMN := $(value TITLE_COLUMN)
export TITLE_COLUMN
endif
ifdef ID_COLUMN
override ID_COLUMN := $(value ID_COLUMN)
export ID_COLUMN
endif
ifdef DATE_COLUMN
override DATE_COLUMN := $(value DATE_COLUMN)
export DATE_COLUMN
endif
ifdef GROUP_BY
override GROUP_BY := $(value GROUP_BY)
export GROUP_BY
endif
ifdef TO_SIMPLIFIED
override TO_SIMPLIFIED := $(value TO_SIMPLIFIED)
export TO_SIMPLIFIED
endif
ifdef LEXICON
override LEXICON := $(value LEXICON)
export LEXICON
endif
ifdef OUTPUT
override OUTPUT := $(value OUTPUT)
export OUTPUT
endif
ifdef JOBS
override JOBS := $(value JOBS)
export JOBS
endif
figures: env
	@$(PY) -m kit.notebooks --from-environment notebooks/*.ipynb notebooks/teacher/*.ipynb

## make test: the pytest suite and the docstring examples of kit/, notebooks executed headless included
test: env
	@$(PY) -m pytest

## make test-fast: the edit loop: everything but the slow tests (notebook runs, browsers, processes)
# (pyproject.toml's pytest settings add the docstring examples of kit/ to both: --doctest-modules)
test-fast: env
	@$(PY) -m pytest -m "not slow"

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
