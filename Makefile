# The two commands of the README are `make run` and `make test`; the rest serve developers.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DEV_STAMP := $(VENV)/.dev-installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
# The settings build the site's own address (SITE_URL) from these when it is not set.
export HOST PORT

.PHONY: run test lint format migrations-check bench bench-ingest bench-extraction-scale bench-timeline bench-digests quality worker beat clean

# Every dependency, pip and setuptools included, is pinned by hash (bin/refresh-locks);
# the project itself is then installed without fetching anything.
$(STAMP): pyproject.toml requirements.lock
	@python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12 or newer is needed (pyenv: the .python-version file asks for 3.13)")'
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation --editable .
	@touch $(STAMP)

# The test and lint tools, on top: `make run` does without them.
$(DEV_STAMP): $(STAMP) requirements-dev.lock
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements-dev.lock
	$(PY) -m pip check
	@touch $(DEV_STAMP)

run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_starter_data
	$(PY) manage.py ensure_admin
	$(PY) manage.py runserver $(HOST):$(PORT)

# One test process per core (pytest-xdist); TEST_WORKERS=0 runs them in this process.
TEST_WORKERS ?= auto
test: $(DEV_STAMP)
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(DEV_STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Models against migrations needs no database: an in-memory one, so CI does not wait for
# a PostgreSQL database that the test run creates later.
migrations-check: $(DEV_STAMP)
	DATABASE_URL=sqlite://:memory: $(PY) manage.py makemigrations --check --dry-run

# Extraction quality on the seeds and the corpus splits (eval/corpus); test runs are logged.
quality: $(DEV_STAMP)
	$(PY) bench/extraction_quality.py

bench: bench-ingest bench-extraction-scale bench-timeline bench-digests

bench-ingest: $(DEV_STAMP)
	$(PY) bench/ingest_throughput.py
	$(PY) bench/ingest_throughput.py --worker

bench-extraction-scale: $(DEV_STAMP)
	$(PY) bench/extraction_scale.py

bench-timeline: $(DEV_STAMP)
	$(PY) bench/timeline_latency.py

bench-digests: $(DEV_STAMP)
	$(PY) bench/digest_run.py

worker: $(STAMP)
	$(VENV)/bin/celery -A config worker --loglevel=info

beat: $(STAMP)
	$(VENV)/bin/celery -A config beat --loglevel=info --schedule var/celerybeat-schedule

clean:
	rm -rf $(VENV) staticfiles
