"""Report pages read domain tables from the replica; nothing else does."""

from unittest import mock

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from chidao.accounts.models import User
from chidao.operations.routers import (
    ReplicaForReportsMiddleware,
    ReportsReplicaRouter,
    reports_from_replica,
)
from chidao.tasks.models import Task


@pytest.fixture
def replica():  # noqa: ANN201
    with mock.patch(
        "chidao.operations.routers.replica_configured", return_value=True
    ) as patched:
        yield patched


def test_without_a_replica_everything_uses_the_primary():
    router = ReportsReplicaRouter()
    with reports_from_replica():
        assert router.db_for_read(Task) is None
    assert router.db_for_write(Task) == "default"


def test_report_reads_of_domain_tables_go_to_the_replica(replica):
    router = ReportsReplicaRouter()
    assert router.db_for_read(Task) is None
    with reports_from_replica():
        assert router.db_for_read(Task) == "replica"
        # Sessions, accounts and the job queue stay on the primary.
        assert router.db_for_read(User) is None
        assert router.db_for_write(Task) == "default"
    assert not router.allow_migrate("replica", "tasks")
    assert router.allow_migrate("default", "tasks")


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("get", "/bao-cao/", "replica"),
        ("get", "/api/v1/reports/summary", "replica"),
        ("post", "/bao-cao/", None),
        ("get", "/nhiem-vu/", None),
    ],
)
def test_the_middleware_picks_report_gets(replica, method, path, expected):
    seen = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(ReportsReplicaRouter().db_for_read(Task))
        return HttpResponse()

    ReplicaForReportsMiddleware(view)(getattr(RequestFactory(), method)(path))
    assert seen == [expected]
