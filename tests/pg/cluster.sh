#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: initdb and pg_ctl in a temporary folder, a Unix
# socket in that folder and no TCP port, no system service. As root (PostgreSQL refuses to run
# as root) the cluster runs as the unprivileged user nobody; the folder is made theirs.
#
#   tests/pg/cluster.sh start [DIR]   make and start a cluster in DIR (default: a new mktemp
#                                     folder in /dev/shm when it has room, else /tmp, or in
#                                     $BPMC_PG_TMP); prints the base URL to stdout
#   tests/pg/cluster.sh stop DIR      stop it and remove DIR
#   tests/pg/cluster.sh url DIR       the base URL of a running cluster
#
# Text sorts and LIKE folds case as on SQLite: the C locale (bytes; ASCII letters only).
# The base URL names the database bpmc; the harness (tests/api/helpers.mjs) makes one database
# per server beside it (CREATE DATABASE) and replaces the name.
set -euo pipefail

# the newest PostgreSQL whose server is installed (Debian: /usr/lib/postgresql/15/bin; a newer
# client alone has no initdb)
if [ -z "${PGBIN:-}" ]; then
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
    [ -x "$d/initdb" ] && PGBIN=$d
  done
fi
PGBIN=${PGBIN:-}
[ -x "$PGBIN/initdb" ] || { echo "cluster.sh: no PostgreSQL server (install postgresql-15; scripts/bootstrap)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    setpriv --reuid=nobody --regid=nogroup --clear-groups --reset-env -- "$@"
  else
    "$@"
  fi
}

url() { printf 'postgresql:///bpmc?host=%s&user=bpmc\n' "$1"; }

case "${1:-}" in
start)
  # in memory when there is room (/dev/shm with 2 GiB free; a container's is often 64 MiB):
  # a test run creates and drops hundreds of databases, which on a disk costs minutes of I/O.
  # The settings the server checks (fsync, synchronous_commit) stay on; the cluster is thrown
  # away, its durability is not what the tests test.
  tmp=/tmp
  if [ -z "${BPMC_PG_TMP:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] &&
     [ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -ge 2097152 ]; then
    tmp=/dev/shm
  fi
  dir=${2:-$(mktemp -d "${BPMC_PG_TMP:-$tmp}/bpmc-pg-XXXXXX")}
  mkdir -p "$dir"
  # a start that fails half-way leaves nothing running and no folder
  fail() { cat "$1" >&2; "$0" stop "$dir"; exit 1; }
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown nobody:nogroup "$dir"
  as_owner "$PGBIN/initdb" -D "$dir/data" -U bpmc --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
    fail "$dir/initdb.log"
  # durable commits (the writer refuses to serve otherwise); small and local otherwise
  as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c max_connections=400 \
        -c shared_buffers=64MB -c max_wal_size=256MB -c fsync=on -c synchronous_commit=on -c full_page_writes=off" \
    start >/dev/null || fail "$dir/server.log"
  as_owner "$PGBIN/psql" -X -q -h "$dir" -U bpmc -d postgres -c 'CREATE DATABASE bpmc' >"$dir/create.log" 2>&1 ||
    fail "$dir/create.log"
  url "$dir"
  ;;
stop)
  dir=${2:?usage: cluster.sh stop DIR}
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  ;;
url)
  url "${2:?usage: cluster.sh url DIR}"
  ;;
*)
  echo "usage: tests/pg/cluster.sh start [DIR] | stop DIR | url DIR" >&2
  exit 2
  ;;
esac
