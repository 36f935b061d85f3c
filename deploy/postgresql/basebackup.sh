#!/usr/bin/env bash
# Weekly PostgreSQL base backup for point-in-time restore (docs/DEPLOY.md §9).
# Run as postgres (deploy/systemd/chidao-basebackup.timer). Keeps the last
# KEEP base backups and removes archived WAL older than the oldest one kept.
set -euo pipefail
dest=${BASEBACKUP_DIR:-/var/backups/chidao-pg}
archive=${WAL_ARCHIVE:-/var/lib/postgresql/wal-archive}
keep=${KEEP:-2}
bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
stamp=$(date +%Y%m%d-%H%M%S)
mkdir -p "$dest"
"$bin/pg_basebackup" -D "$dest/base-$stamp.partial" -Ft -z -X fetch -c fast --label "chidao-$stamp"
mv "$dest/base-$stamp.partial" "$dest/base-$stamp"
mapfile -t bases < <(ls -d "$dest"/base-* 2>/dev/null | grep -v partial | sort)
while [ "${#bases[@]}" -gt "$keep" ]; do
  rm -rf "${bases[0]}"
  bases=("${bases[@]:1}")
done
# The oldest kept backup names the first WAL segment it needs.
oldest=${bases[0]}
label=$(tar -xzOf "$oldest/base.tar.gz" backup_label | sed -n 's/^START WAL LOCATION: .* (file \(.*\))$/\1/p')
[ -n "$label" ] && "$bin/pg_archivecleanup" "$archive" "$label"
echo "base backup $dest/base-$stamp; WAL before $label removed"
