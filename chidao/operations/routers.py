"""Report reads on a streaming replica when DATABASE_REPLICA_URL is set.

Only GET requests to report pages (ReplicaForReportsMiddleware) read from it,
and only the domain tables: sessions, accounts and the job queue always use
the primary, and every write goes to the primary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import models
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
REPLICA_APPS = frozenset(
    {"agencies", "workdays", "attachments", "directives", "tasks", "reports"}
)
REPORT_PATHS = ("/bao-cao/", "/api/v1/reports/")

_reading_reports = ContextVar("reading_reports", default=False)


@contextmanager
def reports_from_replica() -> Iterator[None]:
    """Within this block, domain reads go to the replica if there is one."""
    token = _reading_reports.set(True)
    try:
        yield
    finally:
        _reading_reports.reset(token)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReportsReplicaRouter:
    def db_for_read(self, model: type[models.Model], **hints: object) -> str | None:
        if (
            _reading_reports.get()
            and replica_configured()
            and model._meta.app_label in REPLICA_APPS
        ):
            return REPLICA
        return None

    def db_for_write(self, model: type[models.Model], **hints: object) -> str:
        # A row read from the replica is still saved on the primary.
        return "default"

    def allow_relation(
        self, obj1: models.Model, obj2: models.Model, **hints: object
    ) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: object) -> bool:
        # The replica receives the schema by streaming replication.
        return db != REPLICA


class ReplicaForReportsMiddleware:
    """GET and HEAD on report pages read from the replica."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            replica_configured()
            and request.method in ("GET", "HEAD")
            and request.path.startswith(REPORT_PATHS)
        ):
            with reports_from_replica():
                return self.get_response(request)
        return self.get_response(request)
