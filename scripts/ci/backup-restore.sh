#!/usr/bin/env bash
# CI: manage.py backup / restore on PostgreSQL with the demo province and a
# stored file, onto an emptied database and storage; a damaged backup is
# refused. Then the point-in-time-restore drill (scripts/pitr-drill.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/ci/lib.sh
db=$(ci_db backup)
work=$(mktemp -d)
cleanup() { drop_db "$db"; rm -rf "$work"; }
trap cleanup EXIT

fresh_db "$db"
export DATABASE_URL=$(pg_url "$db") DJANGO_DEBUG=0 MEDIA_ROOT="$work/media"
export DJANGO_SECRET_KEY=$(new_secret) PG_BIN_DIR=${PG_BIN_DIR:-/usr/lib/postgresql/15/bin}
# Throw-away servers with the demo province and no ClamAV daemon (SECURITY.md
# 25, 40): said aloud, so the deploy check warns instead of refusing.
export DEMO_ACCOUNTS_ALLOWED=1 ATTACHMENT_SCANNER_REQUIRED=0
manage() { "$PY" manage.py "$@"; }
count() {
  manage shell -c "from chidao.tasks.models import Task; from chidao.accounts.models import User; print(Task.objects.count(), User.objects.count())" 2>/dev/null | tail -1
}

manage migrate --noinput -v 0
manage seed_demo --allow-production >/dev/null
mkdir -p "$work/media/attachments/ab"
head -c 300000 /dev/urandom > "$work/media/attachments/ab/abababababababababababababababab"
file_hash=$(sha256sum "$work/media/attachments/ab/abababababababababababababababab" | cut -d' ' -f1)
before=$(count)

manage backup --output "$work/backups"
backup=$(ls -d "$work"/backups/chidao-*)
manage restore "$backup" --verify-only

# Lose everything: a new empty database and an empty storage folder.
fresh_db "$db"
rm -rf "$work/media"
manage restore "$backup" --yes
after=$(count)
[ "$before" = "$after" ] || { echo "restored counts $after differ from $before" >&2; exit 1; }
[ "$(sha256sum "$work/media/attachments/ab/abababababababababababababababab" | cut -d' ' -f1)" = "$file_hash" ] \
  || { echo "the restored file differs" >&2; exit 1; }
manage migrate --check >/dev/null
echo "backup/restore passed: tasks and users ($after) and the stored file came back"

# A backup whose file was changed is refused before anything is replaced.
echo tampered >> "$backup/media/attachments/ab/abababababababababababababababab"
if manage restore "$backup" --yes 2>"$work/refused.txt"; then
  echo "a damaged backup was restored" >&2; exit 1
fi
grep -q "changed: media/attachments/ab/" "$work/refused.txt"
echo "a damaged backup is refused"

bash scripts/pitr-drill.sh
