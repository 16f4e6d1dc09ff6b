#!/usr/bin/env bash
# Run the suite (without browser tests) a second time against PostgreSQL: installs Debian's
# postgresql if missing, starts a throwaway cluster on loopback, points SIM_TEST_DATABASE_URL at it.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "test-postgres: installing Debian postgresql"
  $SUDO apt-get install -y -q postgresql >/dev/null 2>&1 || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q postgresql >/dev/null; }
fi
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
DIR=$(mktemp -d /tmp/sim-pg.XXXXXX)
PORT=${SIM_PG_PORT:-55439}
RUN=""
if [ "$(id -u)" = "0" ]; then chown postgres "$DIR"; RUN="su postgres -c"; fi
pg() { if [ -n "$RUN" ]; then $RUN "$*"; else bash -c "$*"; fi; }
pg "$BIN/initdb -D $DIR/db -A trust -U postgres >/dev/null"
pg "$BIN/pg_ctl -D $DIR/db -o '-k $DIR -c listen_addresses=127.0.0.1 -p $PORT -c fsync=off' -l $DIR/log -w start >/dev/null"
trap 'pg "$BIN/pg_ctl -D $DIR/db -m fast stop >/dev/null" || true; rm -rf "$DIR"' EXIT
pg "$BIN/createdb -h 127.0.0.1 -p $PORT -U postgres sim_test"
export SIM_TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/sim_test"
echo "test-postgres: running the suite against $SIM_TEST_DATABASE_URL"
.venv/bin/python -m pytest -q --ignore=tests/e2e "$@"
