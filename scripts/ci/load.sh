#!/usr/bin/env bash
# CI: SECURITY.md 57's scaled profile, 100 signed-in users on loopback for
# LOAD_DURATION (5m in CI), against the demo on the loopback PostgreSQL (as
# deployed: SQLite serialises writers and is for one person's demo); fails on
# a page-view p95 >= 1 s or any 5xx (scripts/ci/load_check.py).
set -euo pipefail
HERE="$(cd "$(dirname "$0")/../.." && pwd)"
PY="${PY:-$HERE/.venv/bin/python}"
PORT="${LOAD_PORT:-1330}"
OUT="${LOAD_OUT:-$HERE/var/load}"
mkdir -p "$OUT"
PGURL="${LOAD_PG:-postgres://postgres@127.0.0.1:5432}"
DBNAME="${LOAD_DB:-chidao_load}"
psql -X -q "$PGURL/postgres" -c "DROP DATABASE IF EXISTS $DBNAME" \
  -c "CREATE DATABASE $DBNAME"

export DJANGO_SETTINGS_MODULE=chidao.settings.base
export DJANGO_DEBUG=0 DJANGO_HTTPS=0 DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECRET_KEY="load-only-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
export DATABASE_URL="$PGURL/$DBNAME" MEDIA_ROOT="$OUT/media"
export TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend
export AXES_FAILURE_LIMIT=100000 LOG_LEVEL=WARNING
export DEMO_PASSWORD="${DEMO_PASSWORD:-ChiDao@Demo2026!}"

cd "$HERE"
"$PY" manage.py migrate --noinput -v 0
"$PY" manage.py seed_demo --allow-production >/dev/null
"$PY" manage.py collectstatic --noinput -v 0
"$PY" manage.py runserver "127.0.0.1:$PORT" --noreload --skip-checks \
  >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 0.5
done

"$(dirname "$PY")/locust" -f "$HERE/scripts/ci/locustfile.py" --headless \
  --host "http://127.0.0.1:$PORT" --users "${LOAD_USERS:-100}" \
  --spawn-rate "${LOAD_SPAWN_RATE:-10}" --run-time "${LOAD_DURATION:-5m}" \
  --csv "$OUT/locust" --only-summary >"$OUT/locust.txt" 2>&1 || true
tail -n 20 "$OUT/locust.txt"
"$PY" "$HERE/scripts/ci/load_check.py" "$OUT/locust"
