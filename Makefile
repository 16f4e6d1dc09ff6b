.PHONY: run test test-fast test-postgres lint eval bench translations
run:   ## install if needed and run the service (SQLite, offline engine, demo accounts)
	./scripts/run.sh
test:  ## install if needed and run every test (lint, unit, API, browser)
	./scripts/test.sh
test-fast:  ## unit tests only: no database, network or browser (< 1 min)
	./scripts/bootstrap.sh
	.venv/bin/python -m pytest -q tests/unit
lint:
	.venv/bin/ruff check simulator tests
translations:  ## extract the message keys (pybabel) and update both catalogs under simulator/locale/
	.venv/bin/python scripts/translations.py
eval:  ## analyzer figures on the dev set
	.venv/bin/collector-sim eval ../shared/eval/dev/utterances.jsonl
test-postgres:  ## the suite again against a throwaway PostgreSQL on loopback (CI runs both)
	./scripts/test-postgres.sh
bench:  ## every benchmark of design §10 into docs/bench-report.md (~12 min; BENCH_ARGS=--postgres adds PostgreSQL)
	./scripts/bootstrap.sh
	.venv/bin/python scripts/bench_report.py $(BENCH_ARGS)
