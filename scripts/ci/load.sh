#!/usr/bin/env bash
# make load (issue 12, SECURITY.md 57): Locust headless on the loopback against
# the production server as `make serve` runs it (DJANGO_DEBUG=0, gunicorn via
# `manage.py run_production`, collected static files) on PostgreSQL holding
# the 1M-task benchmark data (bench/seeding.py; seeded once, kept, reused).
# 300 sessions, 10–30 s of thinking, the page mix of scripts/ci/locustfile.py,
# 3 minutes measured after every session has signed in (--reset-stats).
# Verdict by scripts/ci/load_check.py: every page kind's p95 < 1 s, 0 errors.
# Too long for `make test` and CI; the figures go to docs/PERFORMANCE.md.
set -euo pipefail
HERE="$(cd "$(dirname "$0")/../.." && pwd)"
PY="${PY:-$HERE/.venv/bin/python}"
PORT="${LOAD_PORT:-1330}"
OUT="${LOAD_OUT:-$HERE/var/load}"
PGURL="${LOAD_PG:-postgres://postgres@127.0.0.1:5432}"
DBNAME="${LOAD_DB:-bench1m}"
TASKS="${LOAD_TASKS:-1000000}"
USERS="${LOAD_USERS:-300}"
mkdir -p "$OUT/media"
psql -X -q "$PGURL/postgres" -tc "SELECT 1 FROM pg_database WHERE datname = '$DBNAME'" \
  | grep -q 1 || psql -X -q "$PGURL/postgres" -c "CREATE DATABASE $DBNAME"

cd "$HERE"
# The data: seeded with COPY when the database does not hold it yet.
DATABASE_URL="$PGURL/$DBNAME" "$PY" -m bench.scale --tasks "$TASKS" --seed-only

export DJANGO_SETTINGS_MODULE=chidao.settings.base
export DJANGO_DEBUG=0 DJANGO_HTTPS=0 DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECRET_KEY="load-only-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
export DATABASE_URL="$PGURL/$DBNAME" MEDIA_ROOT="$OUT/media"
export ATTACHMENT_SCANNER_REQUIRED=0 AXES_FAILURE_LIMIT=100000 LOG_LEVEL=WARNING
export GUNICORN_BIND="127.0.0.1:$PORT" WEB_WORKERS="${WEB_WORKERS:-3}"
export WEB_THREADS="${WEB_THREADS:-4}" WEB_MAX_REQUESTS=0
export LOAD_PASSWORD="${LOAD_PASSWORD:-ChiDao@Load2026!}"
# The benchmark's accounts get a password for this run.
"$PY" manage.py shell -c "
from django.contrib.auth.hashers import make_password
from chidao.accounts.models import User
User.objects.filter(password='!').update(password=make_password('$LOAD_PASSWORD'))
"
"$PY" manage.py collectstatic --noinput -v 0
"$PY" manage.py migrate --noinput -v 0
# The benchmark database was migrated with the test settings (memory cache):
# the production settings cache in a table.
"$PY" manage.py createcachetable
setsid "$PY" manage.py run_production --bind "127.0.0.1:$PORT" >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill -TERM -- "-$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 0.5
done

uptime | tee "$OUT/uptime-before.txt"
if [ "${LOAD_MODE:-}" = cpu ]; then
  # Each page kind's CPU, one request at a time (scripts/ci/page_cpu.py).
  "$PY" "$HERE/scripts/ci/page_cpu.py" --host "http://127.0.0.1:$PORT" \
    --runs "${LOAD_RUNS:-30}" | tee "$OUT/page-cpu.jsonl"
  exit 0
fi
# Sessions sign in at SPAWN a second (people do not all sign in in the same
# minute: at 5/s, 300 argon2 hashes and first pages saturated two cores before
# anything was measured); the stats are reset once all have spawned, then
# MEASURE seconds are measured.
SPAWN="${LOAD_SPAWN_RATE:-2}"
MEASURE="${LOAD_MEASURE:-180}"
RUN_TIME=$(( (USERS + SPAWN - 1) / SPAWN + MEASURE ))
"$(dirname "$PY")/locust" -f "$HERE/scripts/ci/locustfile.py" --headless \
  --host "http://127.0.0.1:$PORT" --users "$USERS" \
  --spawn-rate "$SPAWN" --run-time "${RUN_TIME}s" \
  --reset-stats --csv "$OUT/locust" --only-summary >"$OUT/locust.txt" 2>&1 || true
uptime | tee "$OUT/uptime-after.txt"
"$PY" "$HERE/scripts/ci/load_check.py" "$OUT/locust" --json
