# Shared by scripts/ci/*.sh (sourced). Databases are named ${CI_DB:-test}_<step>
# on the local PostgreSQL, so a run can use names of its own.
PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-postgres}
PY=${PY:-$(pwd)/.venv/bin/python}

ci_db() { echo "${CI_DB:-test}_$1"; }
pg_url() { echo "postgres://$PG_USER@$PG_HOST:$PG_PORT/$1"; }
fresh_db() {
  dropdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" --if-exists --force "$1"
  createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$1"
}
drop_db() { dropdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" --if-exists --force "$1" || true; }
new_secret() { "$PY" -c 'import secrets; print(secrets.token_urlsafe(64))'; }
# Stop a process group we started (setsid), politely then for good.
stop_group() {
  local pid=$1
  [ -n "$pid" ] || return 0
  kill -TERM -- "-$pid" 2>/dev/null || return 0
  for _ in $(seq 1 40); do kill -0 -- "-$pid" 2>/dev/null || return 0; sleep 0.5; done
  kill -KILL -- "-$pid" 2>/dev/null || true
}
