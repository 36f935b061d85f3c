"""ChiDao settings: every deployment value comes from the environment.

There is no production.py: deployments differ only in environment values.
Defaults run on a developer machine with SQLite; a deployment sets at least
DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL.
"""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
APP_DIR = BASE_DIR / "chidao"

env = environ.Env()
# scripts/chidao-manage points here at /etc/chidao/chidao.env, the same file the
# systemd units read; variables already in the environment win.
if env.str("CHIDAO_ENV_FILE", default=""):
    environ.Env.read_env(env.str("CHIDAO_ENV_FILE"))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Plain-HTTP development (make run) turns this off; every deployment serves HTTPS.
HTTPS = env.bool("DJANGO_HTTPS", default=True)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
# Management commands (read_directive, seed_demo, ...) run without a key; the
# web entry points (wsgi.py, asgi.py) and `check --deploy` refuse to.
SECRET_KEY_FROM_ENV = bool(SECRET_KEY)
if not SECRET_KEY:
    SECRET_KEY = "dev-only-insecure-key-never-used-in-production"  # noqa: S105

# Behind nginx (deploy/nginx/chidao.conf): the proxies whose X-Real-IP and
# X-Forwarded-Proto are believed (chidao.lib.proxy); nobody else's are.
BEHIND_PROXY = env.bool("DJANGO_BEHIND_PROXY", default=False)
TRUSTED_PROXIES = env.list(
    "DJANGO_TRUSTED_PROXIES",
    default=["127.0.0.1/32", "::1/128"] if BEHIND_PROXY else [],
)

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    # Domain apps, in layer order: each imports only from those above it.
    "chidao.lib",
    "chidao.audit",
    "chidao.agencies",
    "chidao.accounts",
    "chidao.notifications",
    "chidao.workdays",
    "chidao.attachments",
    "chidao.directives",
    "chidao.tasks",
    "chidao.intake",
    "chidao.reader",
    "chidao.reports",
    "chidao.imports",
    "chidao.scheduling",
    "chidao.operations",
    "chidao.api",
    "chidao.demo",
]

MIDDLEWARE = [
    # First: every later layer sees the real client address.
    "chidao.lib.proxy.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "chidao.lib.middleware.SecurityHeadersMiddleware",
    "chidao.audit.context.RequestIdMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Inside the header middlewares, so JSON error answers carry them too.
    "chidao.api.middleware.ApiErrorMiddleware",
    "chidao.api.middleware.RequestSizeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "chidao.lib.locale.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "chidao.lib.middleware.RefusalLogMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "chidao.accounts.middleware.AdminNetworkMiddleware",
    "chidao.accounts.middleware.SessionLifetimeMiddleware",
    "chidao.accounts.mfa.AdminMfaMiddleware",
    "chidao.accounts.middleware.PasswordChangeRequiredMiddleware",
    "chidao.accounts.middleware.MonitoringNoticeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "chidao.lib.middleware.DomainErrorMiddleware",
    "chidao.operations.routers.ReplicaForReportsMiddleware",
    # Axes last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "chidao.urls"
WSGI_APPLICATION = "chidao.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [APP_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "chidao.accounts.context_processors.navigation",
                "chidao.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Persistent connections, one per server thread, so a node holds at most
# workers x threads of them (deploy/gunicorn.conf.py). runserver opens a thread
# per request, so development keeps them off.
DATABASES["default"]["CONN_MAX_AGE"] = env.int(
    "DB_CONN_MAX_AGE", default=0 if DEBUG else 300
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # JIT compilation costs 10-60 ms on each page's queries and saves nothing
    # on an index lookup (issue 12: the agency's list at 1M). PgBouncer refuses
    # startup options: there the server's own setting does it
    # (deploy/postgresql/chidao.conf).
    if not env.bool("DB_BEHIND_PGBOUNCER", default=False):
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
            "options", "-c jit=off"
        )
if env.bool("DB_BEHIND_PGBOUNCER", default=False):
    # Transaction pooling hands each transaction any server connection:
    # named cursors would not survive (deploy/pgbouncer.ini).
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
# A streaming replica for report reads (chidao.operations.routers).
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    if "options" in DATABASES["default"].get("OPTIONS", {}):
        DATABASES["replica"].setdefault("OPTIONS", {}).setdefault(
            "options", DATABASES["default"]["OPTIONS"]["options"]
        )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["chidao.operations.routers.ReportsReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker and the web process write without "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "chidao.accounts.backends.ChiDaoBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 14},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "chidao.accounts.validators.CharacterClassesValidator"},
    {"NAME": "chidao.accounts.validators.PasswordHistoryValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout (SECURITY.md 10-11): keyed on user and address, so an attacker
# elsewhere cannot lock a real user out.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "chidao.accounts.lockout.lockout_response"
# The lockout keys on the real client, read through the trusted proxies only.
AXES_CLIENT_IP_CALLABLE = "chidao.lib.net.axes_client_ip"
AXES_VERBOSE = False

# Sessions: idle expiry slides with each request (SECURITY.md 20); an
# absolute limit is enforced by SessionLifetimeMiddleware (SECURITY.md 21).
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=15)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_HOURS = env.int("SESSION_ABSOLUTE_HOURS", default=10)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "chidao.lib.views.csrf_failure"

if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Load balancers probe over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# i18n: Vietnamese first, English available.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [APP_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["chidao.formats"]
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [APP_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var/media")
# Uploaded files live on one store that every web node and worker shares: a
# local (or NFS-mounted) folder by default, S3-compatible storage (MinIO,
# a provincial data centre's object store) when S3_BUCKET is set.
if env.str("S3_BUCKET", default=""):
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("S3_BUCKET"),
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("S3_PREFIX", default=""),
            "addressing_style": env.str("S3_ADDRESSING_STYLE", default="path"),
            # Files are private: only the authorising view reads them.
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    MEDIA_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT},
    }
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Downloads handed to nginx (X-Accel-Redirect) when set, e.g. "/_protected/";
# the app still authorises each one (SECURITY.md 3).
ATTACHMENT_ACCEL_REDIRECT = env.str("ATTACHMENT_ACCEL_REDIRECT", default="")
# An upload killed midway leaves its file without a row; the nightly job
# removes such files once they are older than this.
ORPHAN_FILE_GRACE_HOURS = env.int("ORPHAN_FILE_GRACE_HOURS", default=24)

# manage.py backup / restore (chidao.operations.backups); PG_BIN_DIR picks the
# pg_dump/pg_restore of the server's major version when several are installed.
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "var/backups")
PG_BIN_DIR = env.str("PG_BIN_DIR", default="")

# Cache shared by every node: Redis when REDIS_URL is set, else a database
# table (`createcachetable`), never per-process memory that nodes disagree on.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "chidao",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "chidao_cache",
        }
    }
# Progress of a long import is written by the worker inside the import's
# transaction and read by the page meanwhile: not in the database cache, whose
# rows would appear only at the end. Redis when set, else a file cache (one
# host; set PROGRESS_CACHE_URL to share it otherwise).
if env.str("PROGRESS_CACHE_URL", default=""):
    CACHES["progress"] = env.cache("PROGRESS_CACHE_URL")
elif REDIS_URL:
    CACHES["progress"] = {**CACHES["default"], "KEY_PREFIX": "chidao-progress"}
else:
    CACHES["progress"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(BASE_DIR / "var/progress"),
    }
# Sessions stay in the database: terminating a user's sessions (SECURITY.md
# 23) deletes their rows, and every node reads the same table.
SESSION_ENGINE = "chidao.accounts.sessions"

# Uploads: big files spill to disk rather than memory (SECURITY.md 35).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_MB", default=50) * 1024 * 1024
# Art. 11 scanning: ClamAV's daemon when set (unix socket or host:port), whose
# signatures must be fresher than the age below; built-in checks always run.
CLAMAV_SOCKET = env.str("CLAMAV_SOCKET", default="")
CLAMAV_TCP = env.str("CLAMAV_TCP", default="")
CLAMAV_TIMEOUT = env.float("CLAMAV_TIMEOUT", default=30.0)
# Without ClamAV an upload waits in quarantine (fail closed) unless this is
# off, as in development, where it is marked "not virus-scanned".
ATTACHMENT_SCANNER_REQUIRED = env.bool("ATTACHMENT_SCANNER_REQUIRED", default=not DEBUG)
CLAMAV_MAX_SIGNATURE_AGE_DAYS = env.int("CLAMAV_MAX_SIGNATURE_AGE_DAYS", default=7)
ZIP_MAX_ENTRIES = env.int("ZIP_MAX_ENTRIES", default=1000)
ZIP_MAX_UNCOMPRESSED = env.int("ZIP_MAX_UNCOMPRESSED_MB", default=500) * 1024 * 1024
ZIP_MAX_RATIO = env.int("ZIP_MAX_RATIO", default=200)
ZIP_MAX_DEPTH = env.int("ZIP_MAX_DEPTH", default=3)

EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="chidao@localhost")
EMAIL_HOST = env.str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)

# Background work: Django's Tasks API with its database backend; any number of
# `db_worker` processes on any node take jobs from the same table.
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

TASK_RESULTS_KEEP_DAYS = env.int("TASK_RESULTS_KEEP_DAYS", default=7)
# /healthz answers 503 when no worker has run the scheduler's heartbeat job
# for this long (only with a real queue: inline jobs need no worker).
HEALTH_HEARTBEAT_MAX_AGE = env.int("HEALTH_HEARTBEAT_MAX_AGE", default=300)
HEALTH_REQUIRE_WORKER = env.bool(
    "HEALTH_REQUIRE_WORKER",
    default=TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend",
)

# The filed periodic report (issue 15): who signs it and to whom it goes
# ("Nơi nhận", items separated by "|", as they hold commas). Empty: "Chánh Văn
# phòng", no name, and the default recipients.
REPORT_SIGNER_TITLE = env.str("REPORT_SIGNER_TITLE", default="")
REPORT_SIGNER_NAME = env.str("REPORT_SIGNER_NAME", default="")
# The local hour the scheduled reports of the day are built and sent (Art. 13).
REPORT_SCHEDULE_HOUR = env.int("REPORT_SCHEDULE_HOUR", default=7)
REPORT_RECIPIENTS = [
    item.strip()
    for item in env.str("REPORT_RECIPIENTS", default="").split("|")
    if item.strip()
]

# Legacy task lists (XLSX/CSV): largest file, and the row count above which
# the check and the import run as a background job with a progress bar.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_MB", default=20) * 1024 * 1024
IMPORT_BACKGROUND_ROWS = env.int("IMPORT_BACKGROUND_ROWS", default=2000)
# The document system (QLVB) link, edXML (QCVN 102:2016/BTTTT): ChiDao's own
# mã định danh and name in the status messages it sends back, the largest
# message accepted, and the gateway's outbox picked up by the scheduler
# (`import_edxml`), with the Office account the files are received as.
EDXML_AGENCY_CODE = env.str("EDXML_AGENCY_CODE", default="")
EDXML_AGENCY_NAME = env.str("EDXML_AGENCY_NAME", default="")
EDXML_MAX_BYTES = env.int("EDXML_MAX_MB", default=50) * 1024 * 1024
EDXML_INBOX = env.str("EDXML_INBOX", default="")
EDXML_INBOX_USER = env.str("EDXML_INBOX_USER", default="")
EDXML_INBOX_HOURS = env.list("EDXML_INBOX_HOURS", cast=int, default=list(range(7, 18)))

# Reminders (đôn đốc): working days before a deadline, hour the scheduler enqueues.
REMINDER_DAYS_BEFORE = env.list("REMINDER_DAYS_BEFORE", cast=int, default=[3, 1])
REMINDER_HOUR = env.int("REMINDER_HOUR", default=7)
# Absolute links in e-mails, e.g. https://chidao.angiang.gov.vn
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

ADMIN_URL = env.str("DJANGO_ADMIN_URL", default="quan-tri/")
# Networks that may open the admin pages; a deployment narrows this to the
# Office's own subnet.
ADMIN_ALLOWED_NETS = env.list(
    "ADMIN_ALLOWED_NETS",
    default=["127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"],
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "chidao.accounts.tokens.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "chidao.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "EXCEPTION_HANDLER": "chidao.api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "chidao.api.schema.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# API tokens (django-rest-knox): stored as SHA-512 digests, and no longer
# valid than a browser session (SECURITY.md 21).
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=SESSION_ABSOLUTE_HOURS),
    "AUTH_HEADER_PREFIX": "Bearer",
    "AUTO_REFRESH": False,
}
# Authenticator apps show this issuer name next to the account (SECURITY.md 18).
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="ChiDao")
SPECTACULAR_SETTINGS = {
    "TITLE": "ChiDao API",
    "DESCRIPTION": "Directive and task tracking for a Provincial People's Committee.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "chidao.api.schema.add_error_responses",
    ],
    # Several models have a `kind`; name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "AgencyKindEnum": "chidao.agencies.models.Agency.Kind",
        "DirectiveKindEnum": "chidao.directives.models.Directive.Kind",
        "TaskKindEnum": "chidao.tasks.models.Task.Kind",
        "TaskStateEnum": "chidao.tasks.models.Task.State",
    },
}

# Expensive requests per user and minute (SECURITY.md 55): (count, seconds).
RATE_LIMITS = {
    "default": (env.int("EXPORT_RATE_LIMIT", default=30), 60),
    "export": (env.int("EXPORT_RATE_LIMIT", default=30), 60),
    "download": (env.int("DOWNLOAD_RATE_LIMIT", default=120), 60),
}

# Demo accounts (make run / seed_demo). With DJANGO_DEBUG=0 their presence
# fails the deploy check unless a throw-away server says DEMO_ACCOUNTS_ALLOWED=1.
DEMO_ACCOUNTS_ALLOWED = env.bool("DEMO_ACCOUNTS_ALLOWED", default=DEBUG)
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="ChiDao@Demo2026!")  # noqa: S105

# Logs: JSON lines on stdout (journald keeps them; LOG_FORMAT=plain for a
# terminal). LOG_SYSLOG_ADDRESS ("host:514" or "/dev/log") also ships them
# off the host (SECURITY.md 49).
LOG_FORMAT = env.str("LOG_FORMAT", default="plain" if DEBUG else "json")
LOG_SYSLOG_ADDRESS = env.str("LOG_SYSLOG_ADDRESS", default="")
# Logs are kept at least a year (SECURITY.md 49): journald or the rotating
# file below; REQUIRE_NTP_SYNC lets a container leave the clock to its host.
LOG_RETENTION_DAYS = env.int("LOG_RETENTION_DAYS", default=400)
LOG_DIR = env.str("LOG_DIR", default="")
REQUIRE_NTP_SYNC = env.bool("REQUIRE_NTP_SYNC", default=True)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # ISO 8601 with the offset (SECURITY.md 60, ASVS 16.2.2).
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
        },
        "json": {"()": "chidao.lib.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "chidao.security": {"level": "INFO"},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
if LOG_SYSLOG_ADDRESS:
    host, _, port = LOG_SYSLOG_ADDRESS.rpartition(":")
    LOGGING["handlers"]["syslog"] = {
        "class": "logging.handlers.SysLogHandler",
        "address": (host, int(port)) if host else LOG_SYSLOG_ADDRESS,
        "formatter": "json",
    }
    LOGGING["root"]["handlers"].append("syslog")
if LOG_DIR:
    LOGGING["handlers"]["file"] = {
        "class": "logging.handlers.TimedRotatingFileHandler",
        "filename": str(Path(LOG_DIR) / "chidao.log"),
        "when": "midnight",
        "backupCount": LOG_RETENTION_DAYS,
        "formatter": "json",
    }
    LOGGING["root"]["handlers"].append("file")
