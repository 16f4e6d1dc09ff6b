#!/usr/bin/env bash
# Install (if needed) and run every test: lint, unit, API and browser tests (Debian chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk"; then
  echo "test: installing Debian chromium and a CJK font for the browser tests"
  $SUDO apt-get install -y -q chromium fonts-wqy-microhei >/dev/null 2>&1 || {
    $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q chromium fonts-wqy-microhei >/dev/null; }
fi
.venv/bin/ruff check simulator tests
.venv/bin/collector-sim validate
.venv/bin/python -m pytest -q "$@"
