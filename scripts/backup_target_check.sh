#!/usr/bin/env bash
# SECURITY.md 56: the backup target must not share a volume with PGDATA.
#   scripts/backup_target_check.sh PGDATA BACKUP_TARGET
set -euo pipefail
data_dev="$(stat -c %d "$1")"
target_dev="$(stat -c %d "$2")"
if [ "$data_dev" = "$target_dev" ]; then
  echo "backup target $2 is on the same volume as PGDATA $1" >&2
  exit 1
fi
echo "backup target $2 is on another volume than PGDATA $1"
