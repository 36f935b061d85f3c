#!/usr/bin/env bash
# CI: `make serve` in production mode (DJANGO_DEBUG=0) on PostgreSQL behind
# nginx with TLS, as deploy/ describes; walk the main pages and the API as demo
# users (scripts/ci/smoke_check.py). Cleans up its servers and database.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=$(pwd)
. scripts/ci/lib.sh
db=$(ci_db smoke)
app_port=${SMOKE_APP_PORT:-1240}
http_port=${SMOKE_HTTP_PORT:-1242}
https_port=${SMOKE_HTTPS_PORT:-1243}
work=$(mktemp -d)
serve="" nginx=""
cleanup() {
  stop_group "$serve"
  if [ -n "$nginx" ]; then kill -QUIT "$nginx" 2>/dev/null || true; wait "$nginx" 2>/dev/null || true; fi
  drop_db "$db"
  rm -rf "$work"
}
trap cleanup EXIT

fresh_db "$db"
export DATABASE_URL=$(pg_url "$db")
export DJANGO_SECRET_KEY=$(new_secret)
# Throw-away servers with the demo province and no ClamAV daemon (SECURITY.md
# 25, 40): said aloud, so the deploy check warns instead of refusing.
export DEMO_ACCOUNTS_ALLOWED=1 ATTACHMENT_SCANNER_REQUIRED=0
export DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_BEHIND_PROXY=1
export DJANGO_CSRF_TRUSTED_ORIGINS="https://127.0.0.1:$https_port"
export SITE_URL="https://127.0.0.1:$https_port"
export ATTACHMENT_ACCEL_REDIRECT=/_protected/ MEDIA_ROOT="$work/media"
export GUNICORN_BIND="127.0.0.1:$app_port" WEB_WORKERS=2 WEB_THREADS=4
export DEMO_PASSWORD="Smoke-$(new_secret | cut -c1-20)!"
mkdir -p "$work/media" "$work/nginx"

# A throwaway database may hold the demo province (seed_demo refuses otherwise).
DJANGO_DEBUG=0 "$PY" manage.py migrate --noinput -v 0
DJANGO_DEBUG=0 "$PY" manage.py seed_demo --allow-production >/dev/null

# nginx from deploy/nginx/chidao.conf, moved to this run's ports and folders.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" \
  -keyout "$work/nginx/privkey.pem" -out "$work/nginx/fullchain.pem" 2>/dev/null
sed -e "s#server 127.0.0.1:8000;#server 127.0.0.1:$app_port;#" \
    -e "s#listen 80;#listen 127.0.0.1:$http_port;#" \
    -e "s#listen 443 ssl http2;#listen 127.0.0.1:$https_port ssl http2;#" \
    -e "/listen \[::\]/d" \
    -e "s#/etc/ssl/chidao/#$work/nginx/#" \
    -e "s#/srv/chidao/current/#$here/#" \
    -e "s#/var/lib/chidao/media/#$work/media/#" \
    -e "s#/var/log/nginx/#$work/nginx/#" \
    deploy/nginx/chidao.conf > "$work/nginx/site.conf"
more=/usr/lib/nginx/modules/ngx_http_headers_more_filter_module.so
cat > "$work/nginx/nginx.conf" <<CONF
load_module $more;
user root;
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    include $work/nginx/site.conf;
}
CONF
nginx -t -q -c "$work/nginx/nginx.conf"
nginx -c "$work/nginx/nginx.conf" &
nginx=$!

# make serve: check --deploy, collectstatic, migrate, then gunicorn + worker + scheduler.
setsid make --no-print-directory serve > "$work/serve.log" 2>&1 &
serve=$!
if ! "$PY" scripts/ci/smoke_check.py "https://127.0.0.1:$https_port" "http://127.0.0.1:$http_port" "$DEMO_PASSWORD"; then
  echo "--- serve log (last 40 lines)" >&2; tail -40 "$work/serve.log" >&2
  echo "--- nginx error log" >&2; tail -20 "$work/nginx/error.log" >&2 || true
  exit 1
fi
# The app's own log lines are JSON objects.
grep -m1 '"logger": "gunicorn.access"' "$work/serve.log" | "$PY" -c "import json, sys; json.loads(sys.stdin.readline())"

# A development or missing key: make serve refuses to start.
if DJANGO_SECRET_KEY=short make --no-print-directory serve >"$work/refused.log" 2>&1; then
  echo "make serve started with a short secret key" >&2; exit 1
fi
grep -q "chidao.E001" "$work/refused.log"
echo "make serve refuses a short secret key"
