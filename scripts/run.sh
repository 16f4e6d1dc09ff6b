#!/usr/bin/env bash
# Install (if needed) and run the service with embedded defaults: SQLite under ./data, offline engine.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
exec .venv/bin/collector-sim serve "$@"
