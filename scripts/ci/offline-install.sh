#!/usr/bin/env bash
# CI: `make bundle`, then install it and start it inside a network namespace
# with no route out (only loopback), so any download attempt fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=$(pwd)
port=${OFFLINE_PORT:-1230}
ns="chidao-offline-$$"
work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  ip netns delete "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

BUNDLE_DIR="$work/dist" make --no-print-directory bundle >/dev/null
bundle=$(ls "$work"/dist/chidao-*.tar.gz)
cp "$bundle" "$bundle.sha256" "$work/"
bundle="$work/$(basename "$bundle")"
echo "bundle: $(basename "$bundle") ($(du -h "$bundle" | cut -f1))"

if ip netns add "$ns" 2>/dev/null; then
  ip netns exec "$ns" ip link set lo up
  run=(ip netns exec "$ns")
  echo "installing inside network namespace $ns (no route out)"
  if "${run[@]}" python3.11 -c "import socket; socket.create_connection(('pypi.org', 443), 3)" 2>/dev/null; then
    echo "the namespace reaches the network" >&2; exit 1
  fi
else
  run=(env http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9)
  echo "no network namespace here: installing with --no-index, no cache and a dead proxy"
fi

"${run[@]}" env PYTHON=python3.11 HOME="$work/home" bash scripts/install-offline.sh "$bundle" "$work/srv"
app="$work/srv/current"
export DJANGO_SECRET_KEY="$(python3.11 -c 'import secrets; print(secrets.token_urlsafe(64))')"
# Throw-away servers with the demo province and no ClamAV daemon (SECURITY.md
# 25, 40): said aloud, so the deploy check warns instead of refusing.
export DEMO_ACCOUNTS_ALLOWED=1 ATTACHMENT_SCANNER_REQUIRED=0
export DATABASE_URL="sqlite:///$work/offline.sqlite3" DJANGO_DEBUG=0 DJANGO_HTTPS=0
export MEDIA_ROOT="$work/media" GUNICORN_BIND="127.0.0.1:$port" WEB_WORKERS=1 WEB_THREADS=2
cd "$app"
"${run[@]}" .venv/bin/python manage.py migrate --noinput -v 0
"${run[@]}" .venv/bin/python manage.py run_production > "$work/serve.log" 2>&1 &
server=$!
ok=""
for _ in $(seq 1 60); do
  if "${run[@]}" python3.11 - "$port" <<'PY' 2>/dev/null
import sys, urllib.request
with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/healthz", timeout=2) as r:
    assert r.read() == b'{"status": "ok"}'
with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/tai-khoan/dang-nhap/", timeout=5) as r:
    body = r.read().decode()
    assert r.status == 200 and "/static/css/chidao." in body
PY
  then ok=1; break; fi
  sleep 1
done
cd "$here"
if [ -z "$ok" ]; then
  echo "the offline install did not serve /healthz and the sign-in page" >&2
  tail -30 "$work/serve.log" >&2
  exit 1
fi
echo "offline install: served /healthz and the sign-in page with no network"
