#!/usr/bin/env bash
# CI: two app servers (gunicorn + db_worker + scheduler each) on two ports,
# one PostgreSQL database, one shared upload folder and one cache (Redis when
# it answers, else the database table); scripts/ci/two_nodes_check.py checks
# a session, a task change, an upload and a reminder across them.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/ci/lib.sh
db=$(ci_db twonode)
port_a=${TWO_NODES_PORT_A:-1260}
port_b=${TWO_NODES_PORT_B:-1261}
redis_db=${TWO_NODES_REDIS_DB:-12}
work=$(mktemp -d)
node_a="" node_b=""
cleanup() {
  stop_group "$node_a"; stop_group "$node_b"
  [ -n "${REDIS_URL:-}" ] && redis-cli -n "$redis_db" flushdb >/dev/null 2>&1 || true
  drop_db "$db"
  rm -rf "$work"
}
trap cleanup EXIT

fresh_db "$db"
export DATABASE_URL=$(pg_url "$db") DJANGO_DEBUG=0 DJANGO_SECRET_KEY=$(new_secret)
# Throw-away servers with the demo province and no ClamAV daemon (SECURITY.md
# 25, 40): said aloud, so the deploy check warns instead of refusing.
export DEMO_ACCOUNTS_ALLOWED=1 ATTACHMENT_SCANNER_REQUIRED=0
export DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_BEHIND_PROXY=1
export MEDIA_ROOT="$work/shared-media" WEB_WORKERS=1 WEB_THREADS=4
export DEMO_PASSWORD="TwoNodes-$(new_secret | cut -c1-20)!"
# Reminders only when the check enqueues them, not at the scheduler's hour.
export REMINDER_HOUR=24
if command -v redis-cli >/dev/null && redis-cli -n "$redis_db" ping >/dev/null 2>&1; then
  export REDIS_URL="redis://127.0.0.1:6379/$redis_db"
  redis-cli -n "$redis_db" flushdb >/dev/null
  echo "cache: Redis db $redis_db"
else
  echo "cache: the database table (no Redis here)"
fi

"$PY" manage.py migrate --noinput -v 0
"$PY" manage.py seed_demo --allow-production >/dev/null
"$PY" manage.py collectstatic --noinput -v 0
# Both nodes run a scheduler too: each periodic job is still claimed once.
setsid "$PY" manage.py run_production --bind "127.0.0.1:$port_a" > "$work/a.log" 2>&1 &
node_a=$!
setsid "$PY" manage.py run_production --bind "127.0.0.1:$port_b" > "$work/b.log" 2>&1 &
node_b=$!
if ! "$PY" scripts/ci/two_nodes_check.py "http://127.0.0.1:$port_a" "http://127.0.0.1:$port_b" "$DEMO_PASSWORD"; then
  echo "--- node A log" >&2; grep -v django_tasks "$work/a.log" | tail -25 >&2
  echo "--- node B log" >&2; grep -v django_tasks "$work/b.log" | tail -25 >&2
  exit 1
fi
