# The two commands of the README:  `make run`  and  `make test`.
# Everything else here is what they need on a fresh machine.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEPS   := $(VENV)/.deps-installed

export OMP_NUM_THREADS ?= 1
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: run test test-all test-slow setup index validate eval bench clean

run: setup index                       ## set up, build the index if missing, start the app
	$(BIN)/streamlit run app.py --server.headless true --browser.gatherUsageStats false

test: setup                            ## set up and run the test suite (what CI runs)
	$(BIN)/python -m pytest -m "not slow"

test-slow: setup                       ## the slow suite: fault injection, browser end-to-end
	$(BIN)/python -m pytest -m slow

test-all: setup
	$(BIN)/python -m pytest -m ""

setup: $(DEPS)

# torch is pinned to the local CPU build; the pin sits in requirements.txt so
# that nothing else can pull a CUDA build in.
$(DEPS): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

index: setup                           ## build or refresh the search index
	$(BIN)/python -m retrieval ingest

validate: setup                        ## parse every source and print counts and warnings
	$(BIN)/python -m corpus.validate

eval: setup                            ## answer the question sets and print the metrics
	$(BIN)/python -m evals.run

bench: setup                           ## retrieval benchmark
	$(BIN)/python -m evals.bench

clean:
	rm -rf data .pytest_cache
