.PHONY: run test lint eval bench
run:   ## install if needed and run the service (SQLite, offline engine, demo accounts)
	./scripts/run.sh
test:  ## install if needed and run every test (lint, unit, API, browser)
	./scripts/test.sh
lint:
	.venv/bin/ruff check simulator tests
eval:  ## analyzer figures on the dev set
	.venv/bin/collector-sim eval ../shared/eval/dev/utterances.jsonl
