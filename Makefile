# Kinerja: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Verification links and QR codes printed on PKs point here.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test lint format bench setup clean worker

# The virtualenv is rebuilt whenever the pinned requirements change.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_organisation
	$(PY) manage.py load_demo

# Serves the app and, beside it, one background worker for bulk printing (run_worker
# waits out a locked database; the loop restarts it if it ever exits); Ctrl+C stops both.
run: setup
	@echo "Kinerja berjalan di http://$(HOST):$(PORT)/  (hentikan dengan Ctrl+C)"
	trap 'kill 0' INT TERM EXIT; \
	while true; do DEBUG=true SITE_URL=$(SITE_URL) $(PY) manage.py run_worker --no-reload --interval 2; sleep 2; done & \
	DEBUG=true SITE_URL=$(SITE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

worker: $(VENV)/.installed
	$(PY) manage.py run_worker --no-reload

# Lint, the layers (import-linter, contracts in pyproject.toml), migrations, then
# the suite on every core (pytest-xdist).
test: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -n auto

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

$(VENV)/.bench-installed: $(VENV)/.installed requirements-bench.txt
	$(PY) -m pip install --quiet -r requirements-bench.txt
	touch $@

# The benchmarks on SQLite; set BENCH_DATABASE_URL=postgres://... to run them on PostgreSQL too.
bench: $(VENV)/.bench-installed
	BENCH_DATABASE_URL= $(PY) bench/run.py
	if [ -n "$$BENCH_DATABASE_URL" ]; then $(PY) bench/run.py; fi

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
