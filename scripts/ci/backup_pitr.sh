#!/usr/bin/env bash
# SECURITY.md 56: a backup can be restored to a point in time. On a throw-away
# PostgreSQL cluster on loopback: archive WAL, take a base backup, insert R1,
# note T, insert R2, restore into a new data directory with
# recovery_target_time=T, and require R1 present and R2 absent.
set -euo pipefail
BIN="${PG_BIN:-$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)}"
PORT="${PITR_PORT:-1320}"
WORK="$(mktemp -d /tmp/chidao-pitr.XXXXXX)"
chmod 755 "$WORK"
AS_PG=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$WORK"
  AS_PG=(runuser -u postgres --)
fi
pg() { "${AS_PG[@]}" "$@"; }
sql() { pg "$BIN/psql" -X -q -t -A -h 127.0.0.1 -p "$1" -U postgres -d postgres -c "$2"; }
cleanup() {
  pg "$BIN/pg_ctl" -D "$WORK/restore" -m immediate stop >/dev/null 2>&1 || true
  pg "$BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

pg mkdir -p "$WORK/archive"
pg "$BIN/initdb" -D "$WORK/data" -A trust -U postgres >/dev/null
pg tee -a "$WORK/data/postgresql.conf" >/dev/null <<CONF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$WORK'
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $WORK/archive/%f && cp %p $WORK/archive/%f'
CONF
pg "$BIN/pg_ctl" -D "$WORK/data" -l "$WORK/data.log" -w start >/dev/null
sql "$PORT" "CREATE TABLE probe (id int PRIMARY KEY, at timestamptz DEFAULT now())"
pg "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PORT" -U postgres -D "$WORK/backup" -X stream
sql "$PORT" "INSERT INTO probe (id) VALUES (1)"
sleep 1
T="$(sql "$PORT" "SELECT now()")"
sleep 1
sql "$PORT" "INSERT INTO probe (id) VALUES (2)"
sql "$PORT" "SELECT pg_switch_wal()" >/dev/null
for _ in $(seq 1 30); do
  archived="$(sql "$PORT" "SELECT last_archived_wal FROM pg_stat_archiver")"
  current="$(sql "$PORT" "SELECT pg_walfile_name(pg_current_wal_lsn())")"
  [ -n "$archived" ] && [[ "$archived" < "$current" ]] && break
  sleep 1
done
pg "$BIN/pg_ctl" -D "$WORK/data" -m fast -w stop >/dev/null

pg cp -a "$WORK/backup" "$WORK/restore"
pg chmod 700 "$WORK/restore"
pg touch "$WORK/restore/recovery.signal"
pg tee -a "$WORK/restore/postgresql.conf" >/dev/null <<CONF
port = $((PORT + 1))
archive_mode = off
restore_command = 'cp $WORK/archive/%f %p'
recovery_target_time = '$T'
recovery_target_action = 'promote'
CONF
pg "$BIN/pg_ctl" -D "$WORK/restore" -l "$WORK/restore.log" -w start >/dev/null
for _ in $(seq 1 30); do
  [ "$(sql $((PORT + 1)) "SELECT pg_is_in_recovery()")" = "f" ] && break
  sleep 1
done
rows="$(sql $((PORT + 1)) "SELECT string_agg(id::text, ',' ORDER BY id) FROM probe")"
echo "restored to $T: rows [$rows]"
if [ "$rows" != "1" ]; then
  echo "PITR FAILED: expected R1 only" >&2
  tail -n 20 "$WORK/restore.log" >&2
  exit 1
fi
echo "PITR ok: R1 present, R2 absent"
