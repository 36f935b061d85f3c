"""gunicorn settings for ChiDao (`make serve` and deploy/systemd/chidao-web.service).

Bounded by design: WEB_WORKERS processes x WEB_THREADS threads is both the
number of requests served at once and the most database connections one node
holds (each thread keeps one, CONN_MAX_AGE). The defaults suit 2-4 cores; on
N nodes keep N x workers x threads + workers + 10 below PostgreSQL's
max_connections, or put PgBouncer in between (deploy/pgbouncer/).
"""

import os
from collections.abc import Callable

import gunicorn.http.wsgi


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 2


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("WEB_WORKERS", min(4, _cores() + 1)))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", 8))
# Connections waiting for a thread; beyond this the kernel refuses them.
backlog = int(os.environ.get("WEB_BACKLOG", 256))
timeout = int(os.environ.get("WEB_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests: memory stays flat.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", 2000))
max_requests_jitter = max_requests // 10
limit_request_line = 8190
limit_request_fields = 100
# Only nginx on this host may say the request came over HTTPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "chidao-web"
wsgi_app = "chidao.wsgi:application"

# JSON lines on stdout, like the app's own (chidao.lib.logs).
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
access_log_format = (
    '{"peer": "%(h)s", "client": "%({x-real-ip}i)s", '
    '"method": "%(m)s", "path": "%(U)s", '
    '"status": %(s)s, "bytes": "%(B)s", "duration_ms": %(M)s, '
    '"request_id": "%({x-request-id}i)s"}'
)
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "chidao.lib.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "loggers": {
        "gunicorn.error": {
            "handlers": ["console"],
            "level": "INFO",
            "propagate": False,
        },
        "gunicorn.access": {
            "handlers": ["console"],
            "level": "INFO",
            "propagate": False,
        },
    },
}


def _without_server_header(default_headers: Callable) -> Callable:
    def headers(self: gunicorn.http.wsgi.Response) -> list[str]:
        return [h for h in default_headers(self) if not h.startswith("Server:")]

    return headers


# No response names the server software (SECURITY.md 29; ASVS 13.4.6).
gunicorn.http.wsgi.Response.default_headers = _without_server_header(
    gunicorn.http.wsgi.Response.default_headers
)
