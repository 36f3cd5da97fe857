#!/usr/bin/env bash
# Run a command against a private, throwaway PostgreSQL server, e.g.
#   scripts/with-test-postgres.sh .venv/bin/pytest -q
#
# Installs Debian's postgresql package when no server is installed, initialises a cluster in
# a temporary directory (as the postgres user when run as root), listens on 127.0.0.1 only on
# the first free port from 5433, creates a role and a database, exports TEST_DATABASE_URL and
# puts the server's own pg_dump/pg_restore first on PATH for the command, then stops the server
# and removes the cluster, whatever the command's outcome. Clusters left behind by a run that
# was killed are removed when their server is no longer running.
set -euo pipefail

PREFIX=/tmp/costume-tracker-pg.
ROLE=costume
DATABASE=costume_tracker_test

server_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_dump" ] && echo "$dir"
  return 0
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

BINDIR=$(server_bindir)
if [ -z "$BINDIR" ]; then
  echo "Installing PostgreSQL from Debian's packages for the PostgreSQL test run…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  BINDIR=$(server_bindir)
  [ -n "$BINDIR" ] || { echo "PostgreSQL's initdb not found after installing." >&2; exit 1; }
fi

# Leftovers of killed runs: remove a cluster whose server is gone; never touch a running one
# (another test run may be using it).
for old in "$PREFIX"*; do
  [ -d "$old" ] || continue
  pid=$(head -n 1 "$old/data/postmaster.pid" 2>/dev/null || true)
  if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then rm -rf "$old"; fi
done

WORK=$(mktemp -d "${PREFIX}XXXXXX")
DATA="$WORK/data"
cleanup() {
  if [ -f "$DATA/postmaster.pid" ]; then
    as_postgres "$BINDIR/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
[ "$(id -u)" = 0 ] && chown postgres: "$WORK"

# C.UTF-8: Unicode-aware lower()/ILIKE, code-point ordering (as SQLite's).
as_postgres "$BINDIR/initdb" -D "$DATA" -U postgres -E UTF8 --locale=C.UTF-8 --no-sync \
  --auth-local=peer --auth-host=scram-sha-256 >"$WORK/initdb.log" 2>&1 \
  || { cat "$WORK/initdb.log" >&2; exit 1; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A throwaway cluster: durability settings off for speed.
PORT=""
for candidate in $(seq 5433 5532); do
  port_busy "$candidate" && continue
  options="-c listen_addresses=127.0.0.1 -p $candidate -k $WORK -c max_connections=200"
  options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  if as_postgres "$BINDIR/pg_ctl" -D "$DATA" -l "$WORK/server.log" -w -t 60 -o "$options" \
      start >/dev/null; then
    PORT=$candidate
    break
  fi
done
[ -n "$PORT" ] || { echo "Could not start PostgreSQL on a port from 5433:" >&2; cat "$WORK/server.log" >&2; exit 1; }

PASSWORD=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
as_postgres "$BINDIR/psql" -q -h "$WORK" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'" \
  -c "CREATE DATABASE $DATABASE OWNER $ROLE" >/dev/null

export TEST_DATABASE_URL="postgresql+psycopg://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DATABASE"
export PATH="$BINDIR:$PATH"
echo "Test database: $("$BINDIR/postgres" --version) on 127.0.0.1:$PORT"
"$@"
