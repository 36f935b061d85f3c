"""The scale-out switches are environment values only (STYLE.md §4)."""

import json
import os
import subprocess
import sys

from django.conf import settings

PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
default_storage = storages["default"]
print(json.dumps({
    "storage": type(default_storage).__module__ + "." + type(default_storage).__name__,
    "bucket": getattr(default_storage, "bucket_name", None),
    "endpoint": getattr(default_storage, "endpoint_url", None),
    "cache": settings.CACHES["default"]["BACKEND"],
    "databases": sorted(settings.DATABASES),
    "replica_host": settings.DATABASES.get("replica", {}).get("HOST"),
    "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "health_checks": settings.DATABASES["default"]["CONN_HEALTH_CHECKS"],
    "server_side_cursors_off": settings.DATABASES["default"].get(
        "DISABLE_SERVER_SIDE_CURSORS", False
    ),
    "trusted": settings.TRUSTED_PROXIES,
}))
"""


def probe(**env: str) -> dict:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "S3_"))
    }
    environment.update(DJANGO_SETTINGS_MODULE="chidao.settings.base", **env)
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_defaults_are_one_folder_and_the_database_cache():
    config = probe(DATABASE_URL="sqlite:////tmp/chidao-probe.sqlite3")
    assert config["storage"].endswith("FileSystemStorage")
    assert config["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert config["databases"] == ["default"]
    assert config["conn_max_age"] == 300 and config["health_checks"]
    assert config["trusted"] == []


def test_redis_s3_replica_and_pgbouncer_from_the_environment():
    config = probe(
        DATABASE_URL="postgres://chidao@10.0.0.5:6432/chidao",
        DATABASE_REPLICA_URL="postgres://chidao@10.0.0.7:5432/chidao",
        DB_BEHIND_PGBOUNCER="1",
        REDIS_URL="redis://10.0.0.6:6379/0",
        S3_BUCKET="chidao",
        S3_ENDPOINT_URL="https://minio.example.gov.vn",
        DJANGO_BEHIND_PROXY="1",
    )
    assert config["storage"] == "storages.backends.s3.S3Storage"
    assert config["bucket"] == "chidao"
    assert config["endpoint"] == "https://minio.example.gov.vn"
    assert config["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert config["databases"] == ["default", "replica"]
    assert config["replica_host"] == "10.0.0.7"
    assert config["server_side_cursors_off"]
    assert config["trusted"] == ["127.0.0.1/32", "::1/128"]
