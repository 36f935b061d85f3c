#!/usr/bin/env bash
# CI: schemathesis against the running app's OpenAPI schema (SECURITY.md 32),
# as an agency officer and as the office lead. Starts the app on a fresh
# SQLite database with the demo province, on loopback, and stops it after.
#
#   scripts/ci/fuzz_api.sh [APP_DIR]   (APP_DIR: a checkout to test; default .)
#
# Fails on a 500, a status the schema does not document, or a body that does
# not match its schema. FUZZ_SECONDS bounds each role's run (default 90).
set -euo pipefail
HERE="$(cd "$(dirname "$0")/../.." && pwd)"
APP="$(cd "${1:-$HERE}" && pwd)"
PY="${PY:-$HERE/.venv/bin/python}"
ST="$(dirname "$PY")/schemathesis"
PORT="${FUZZ_PORT:-1310}"
SECONDS_PER_ROLE="${FUZZ_SECONDS:-90}"
OUT="${FUZZ_OUT:-$HERE/var/fuzz}"
mkdir -p "$OUT"
DB="$OUT/fuzz.sqlite3"
rm -f "$DB" "$DB-wal" "$DB-shm"

export DJANGO_SETTINGS_MODULE=chidao.settings.base
export DJANGO_DEBUG=0 DJANGO_HTTPS=0 DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECRET_KEY="fuzz-only-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
export DATABASE_URL="sqlite:///$DB" MEDIA_ROOT="$OUT/media"
export TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend
# The fuzzer sends hundreds of requests a minute: no export limit here.
export EXPORT_RATE_LIMIT=100000 DOWNLOAD_RATE_LIMIT=100000 AXES_FAILURE_LIMIT=100000
export DEMO_PASSWORD="${DEMO_PASSWORD:-ChiDao@Demo2026!}"

cd "$APP"
"$PY" manage.py migrate --noinput -v 0
"$PY" manage.py seed_demo --allow-production >/dev/null
"$PY" manage.py collectstatic --noinput -v 0 2>/dev/null || true
"$PY" manage.py runserver "127.0.0.1:$PORT" --noreload --skip-checks \
  >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 0.5
done

token() {
  curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/auth/token" \
    -H 'Content-Type: application/json' \
    -d "{\"username\": \"$1\", \"password\": \"$DEMO_PASSWORD\"}" \
    | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

status=0
for user in stc.chuyenvien vp.lanhdao; do
  echo "== schemathesis as $user (at most ${SECONDS_PER_ROLE}s)"
  TOKEN="$(token "$user")"
  set +e
  "$ST" run "http://127.0.0.1:$PORT${FUZZ_SCHEMA_PATH:-/api/v1/openapi.json}" \
    --header "Authorization: Bearer $TOKEN" \
    --checks not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance \
    --exclude-path /api/v1/auth/token \
    --max-examples "${FUZZ_EXAMPLES:-15}" --max-time "$SECONDS_PER_ROLE" \
    --seed 672 --workers 1 --no-color --warnings off \
    --report ndjson --report-ndjson-path "$OUT/$user.ndjson" \
    >"$OUT/$user.txt" 2>&1
  rc=$?
  set -e
  tail -n 25 "$OUT/$user.txt"
  "$PY" "$HERE/scripts/ci/fuzz_summary.py" "$OUT/$user.ndjson" "$OUT/server.log" || true
  [ "$rc" -eq 0 ] || status=1
done
exit "$status"
