#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback, for the tests (the history module's PostgreSQL runs).
#   scripts/postgres-test.sh start    install PostgreSQL if missing, initdb, start; prints the JDBC URL (stdout, last line)
#   scripts/postgres-test.sh stop     stop the server and delete its data directory
#   scripts/postgres-test.sh status   print the JDBC URL and exit 0 if the server runs, exit 1 if not
#   scripts/postgres-test.sh url      print the JDBC URL
# Environment: BOURSE_PG_PORT (55432), BOURSE_PG_DIR (/tmp/bourse-pg-<port>), BOURSE_PG_DB (bourse_test),
#   BOURSE_PG_USER (bourse), BOURSE_PG_PASSWORD (bourse).
# With no initdb on the machine it runs apt-get update && apt-get install postgresql (Debian; needs root). PostgreSQL
# refuses to run as root, so as root the server runs as the OS user postgres; the database user has a password and
# the server listens on 127.0.0.1 only. Diagnostics go to stderr; stdout carries only the URL.
set -euo pipefail
# runuser, useradd and pg_ctlcluster live in sbin, which a minimal CI environment may leave out of PATH.
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
SELF="$(readlink -f "${BASH_SOURCE[0]}")"

PORT="${BOURSE_PG_PORT:-55432}"
BASE="${BOURSE_PG_DIR:-/tmp/bourse-pg-$PORT}"
DATA="$BASE/data"
SERVER_LOG="$BASE/server.log"
DB="${BOURSE_PG_DB:-bourse_test}"
DB_USER="${BOURSE_PG_USER:-bourse}"
DB_PASSWORD="${BOURSE_PG_PASSWORD:-bourse}"
LOCK="${BASE%/}.lock"
# Marks a directory as this script's: only such a directory (or an empty one) is ever deleted.
MARKER=".bourse-postgres-test"

log() {
  echo "postgres-test: $*" >&2
}

die() {
  log "$*"
  exit 1
}

is_root() {
  [ "$(id -u)" -eq 0 ]
}

# The directory holding initdb, pg_ctl and psql: Debian's newest /usr/lib/postgresql/<ver>/bin, else pg_config's, else PATH.
find_bindir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  if command -v pg_config >/dev/null 2>&1; then
    dir="$(pg_config --bindir 2>/dev/null || true)"
    if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then
      echo "$dir"
      return 0
    fi
  fi
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v initdb)")"
    return 0
  fi
  return 1
}

install_postgres() {
  is_root || die "PostgreSQL is not installed and this is not root: install the postgresql package, or set BOURSE_PG_URL"
  command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is not installed and there is no apt-get: install it, or set BOURSE_PG_URL"
  log "no initdb found: installing PostgreSQL with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=300 update -q >&2 || die "apt-get update failed"
  apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends postgresql >&2 || die "apt-get install postgresql failed"
  # The package may have created and started its own cluster (port 5432); it is not ours and not needed: stop it.
  if command -v pg_lsclusters >/dev/null 2>&1; then
    { pg_lsclusters --no-header 2>/dev/null || true; } | while read -r version name _ status _; do
      if [ "$status" = "online" ]; then
        log "stopping the cluster $version/$name that the package started"
        pg_ctlcluster "$version" "$name" stop >&2 || true
      fi
    done
  fi
}

# Runs a PostgreSQL program as the server's owner: postgres when we are root, else ourselves.
as_owner() {
  if is_root; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

ensure_os_user() {
  if is_root && ! id postgres >/dev/null 2>&1; then
    log "creating the OS user postgres"
    useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin postgres
  fi
}

url() {
  echo "jdbc:postgresql://127.0.0.1:$PORT/$DB?user=$DB_USER&password=$DB_PASSWORD"
}

running() {
  [ -f "$DATA/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

psql_admin() {
  as_owner "$BIN/psql" -h "$BASE" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt "$@"
}

ensure_database() {
  if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" != "1" ]; then
    psql_admin -c "CREATE ROLE \"$DB_USER\" LOGIN PASSWORD '$DB_PASSWORD'" >&2
  fi
  if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]; then
    psql_admin -c "CREATE DATABASE \"$DB\" OWNER \"$DB_USER\"" >&2
  fi
}

# Deletes the server's directory, but only if it is ours (marked) or empty: BOURSE_PG_DIR could name anything.
remove_base() {
  if [ ! -e "$BASE" ]; then
    return 0
  fi
  if [ -f "$BASE/$MARKER" ] || [ -z "$(ls -A "$BASE")" ]; then
    rm -rf "$BASE"
  else
    die "$BASE exists and was not made by this script: not deleting it (set BOURSE_PG_DIR to another directory)"
  fi
}

start() {
  BIN="$(find_bindir)" || { install_postgres; BIN="$(find_bindir)" || die "initdb not found even after installing PostgreSQL"; }
  ensure_os_user
  if running; then
    log "already running on 127.0.0.1:$PORT (data in $DATA)"
    ensure_database
    url
    return 0
  fi
  # Nothing runs here: whatever is left (a killed run) goes, and the server starts from a fresh initdb.
  remove_base
  mkdir -p "$BASE"
  touch "$BASE/$MARKER"
  chmod 700 "$BASE"
  if is_root; then
    chown -R postgres: "$BASE"
  fi
  log "initdb in $DATA ($BIN)"
  if ! as_owner "$BIN/initdb" -D "$DATA" -U postgres -E UTF8 --no-locale --auth-local=trust --auth-host=scram-sha-256 \
      >"$BASE/initdb.log" 2>&1; then
    cat "$BASE/initdb.log" >&2
    die "initdb failed"
  fi
  log "starting on 127.0.0.1:$PORT"
  # 9>&-: the server must not inherit the lock (it would hold it for its whole life).
  if ! as_owner "$BIN/pg_ctl" -D "$DATA" -l "$SERVER_LOG" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$BASE" start >&2 </dev/null 9>&-; then
    tail -n 30 "$SERVER_LOG" >&2 || true
    die "the server did not start (is port $PORT taken? set BOURSE_PG_PORT)"
  fi
  ensure_database
  url
}

stop() {
  if [ -f "$DATA/postmaster.pid" ] && BIN="$(find_bindir)"; then
    log "stopping the server on port $PORT"
    as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >&2 </dev/null || log "pg_ctl stop failed"
  fi
  remove_base
}

status() {
  BIN="$(find_bindir)" || exit 1
  if running; then
    url
    return 0
  fi
  return 1
}

cmd="${1:-}"
case "$BASE" in
  /?*) ;;
  *) die "BOURSE_PG_DIR must be an absolute path other than /: $BASE" ;;
esac
cd /
# One caller at a time (two test runs starting together must not both initdb).
exec 9>"$LOCK"
flock -w 600 9 || die "another postgres-test.sh holds $LOCK"
case "$cmd" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  url) url ;;
  *)
    sed -n '2,11p' "$SELF" >&2
    exit 2
    ;;
esac
