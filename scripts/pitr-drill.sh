#!/usr/bin/env bash
# Point-in-time-restore drill (docs/DEPLOY.md §9), on a throwaway PostgreSQL
# cluster of its own: it touches no running database.
#   1. initdb a cluster with archive_mode=on, WAL archived to a folder;
#   2. pg_basebackup, the way the nightly base backup is taken;
#   3. write row R1, note the time T, write row R2, archive the WAL;
#   4. lose the cluster; restore the base backup with restore_command and
#      recovery_target_time = T;
#   5. check: R1 is there, R2 is not.
# usage: scripts/pitr-drill.sh   (PG_BIN, PITR_PORT to change the defaults)
set -euo pipefail
bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
port=${PITR_PORT:-1250}
restore_port=$((port + 1))
work=$(mktemp -d /tmp/chidao-pitr.XXXXXX)
started=$(date +%s)

if [ "$(id -u)" = 0 ]; then
  chown postgres: "$work"
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi
cleanup() {
  for data in "$work/primary" "$work/restored"; do
    if [ -f "$data/postmaster.pid" ]; then as_pg "$bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true; fi
  done
  rm -rf "$work"
}
trap cleanup EXIT
sql() { as_pg "$bin/psql" -X -q -A -t -h "$work" -p "$1" -U postgres -d drill -v ON_ERROR_STOP=1 -c "$2"; }

as_pg mkdir "$work/archive"
as_pg "$bin/initdb" -D "$work/primary" -U postgres --auth=trust >/dev/null
cat >> "$work/primary/postgresql.conf" <<CONF
port = $port
listen_addresses = ''
unix_socket_directories = '$work'
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $work/archive/%f && cp %p $work/archive/%f'
max_wal_senders = 3
CONF
as_pg "$bin/pg_ctl" -D "$work/primary" -l "$work/primary.log" -w start >/dev/null
as_pg "$bin/createdb" -h "$work" -p "$port" -U postgres drill
sql "$port" "CREATE TABLE drill_row (label text PRIMARY KEY, written_at timestamptz NOT NULL DEFAULT clock_timestamp())"

as_pg "$bin/pg_basebackup" -h "$work" -p "$port" -U postgres -D "$work/base" -X stream -c fast
echo "base backup taken"

sql "$port" "INSERT INTO drill_row (label) VALUES ('R1')"
sleep 1
target=$(sql "$port" "SELECT clock_timestamp()")
sleep 1
sql "$port" "INSERT INTO drill_row (label) VALUES ('R2')"
segment=$(sql "$port" "SELECT pg_walfile_name(pg_switch_wal())")
for _ in $(seq 1 60); do
  [ -f "$work/archive/$segment" ] && break
  sleep 0.5
done
[ -f "$work/archive/$segment" ] || { echo "WAL segment $segment was not archived" >&2; exit 1; }
echo "R1 written, T = $target, R2 written, WAL archived up to $segment"

# The server is lost: only the base backup and the WAL archive remain.
as_pg "$bin/pg_ctl" -D "$work/primary" -m immediate stop >/dev/null
as_pg cp -a "$work/base" "$work/restored"
cat >> "$work/restored/postgresql.conf" <<CONF
port = $restore_port
archive_mode = off
restore_command = 'cp $work/archive/%f %p'
recovery_target_time = '$target'
recovery_target_action = 'promote'
CONF
as_pg touch "$work/restored/recovery.signal"
as_pg "$bin/pg_ctl" -D "$work/restored" -l "$work/restored.log" -w -t 120 start >/dev/null \
  || { echo "the restored server did not start:" >&2; tail -n 30 "$work/restored.log" >&2; exit 1; }
for _ in $(seq 1 120); do
  [ "$(sql "$restore_port" "SELECT pg_is_in_recovery()")" = "f" ] && break
  sleep 0.5
done
[ "$(sql "$restore_port" "SELECT pg_is_in_recovery()")" = "f" ] || { echo "recovery did not finish" >&2; tail "$work/restored.log" >&2; exit 1; }

rows=$(sql "$restore_port" "SELECT string_agg(label, ',' ORDER BY label) FROM drill_row")
if [ "$rows" != "R1" ]; then
  echo "PITR drill FAILED: rows after restoring to $target: '$rows' (expected R1 only)" >&2
  tail -20 "$work/restored.log" >&2
  exit 1
fi
echo "PITR drill passed: restored to $target, R1 present, R2 absent ($(( $(date +%s) - started )) s)"
