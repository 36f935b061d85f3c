"""/healthz: the database and a working job queue, and nothing said about either."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import DatabaseError
from django.utils import timezone

from chidao.scheduling.heartbeat import WORKER, claim_beat, record_beat, send_heartbeat
from chidao.scheduling.models import Heartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(settings):  # noqa: ANN001, ANN201
    """As in production: a worker must be running the queue."""
    settings.HEALTH_REQUIRE_WORKER = True
    settings.HEALTH_HEARTBEAT_MAX_AGE = 300
    return settings


def test_ok_when_a_worker_beat_recently(client, queue):
    record_beat(WORKER, now=timezone.now() - timedelta(seconds=60))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b'{"status": "ok"}'


def test_503_without_a_recent_worker_beat_and_no_details(client, queue, caplog):
    assert client.get("/healthz").status_code == 503
    record_beat(WORKER, now=timezone.now() - timedelta(seconds=301))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b'{"status": "error"}'
    assert "no worker has run the heartbeat job" in caplog.text


def test_503_when_the_database_fails(client, queue):
    with mock.patch("chidao.views.worker_alive", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert b"down" not in response.content


def test_the_scheduler_enqueues_a_beat_a_worker_runs(queue):
    # Test settings run jobs inline, as a worker would run them.
    now = timezone.now()
    assert send_heartbeat(now=now)
    assert Heartbeat.objects.get(name=WORKER).beat_at >= now
    # At most one beat a minute, however many schedulers run.
    assert not claim_beat(now=now + timedelta(seconds=10))
    assert claim_beat(now=now + timedelta(seconds=60))
