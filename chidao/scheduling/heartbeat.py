"""The worker heartbeat: the scheduler enqueues it, a `db_worker` runs it.

A fresh worker beat proves the whole queue turns: a scheduler enqueues, the
database holds the job, a worker takes and runs it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from .models import Heartbeat

WORKER = "worker"
SCHEDULER = "scheduler"
INTERVAL = timedelta(seconds=60)


def record_beat(name: str, *, now: datetime) -> None:
    """Note that the process `name` is alive at `now`."""
    Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": now})


def claim_beat(*, now: datetime) -> bool:
    """True at most once per INTERVAL across every scheduler: enqueue a beat."""
    with transaction.atomic():
        Heartbeat.objects.get_or_create(
            name=SCHEDULER, defaults={"beat_at": now - 2 * INTERVAL}
        )
        claimed = Heartbeat.objects.filter(
            name=SCHEDULER, beat_at__lte=now - INTERVAL + timedelta(seconds=5)
        ).update(beat_at=now)
    return claimed == 1


def send_heartbeat(*, now: datetime) -> bool:
    """Enqueue the worker heartbeat job if it is due; True if enqueued."""
    from .jobs import worker_heartbeat

    if not claim_beat(now=now):
        return False
    worker_heartbeat.enqueue()
    return True


def worker_alive(*, now: datetime) -> bool:
    """Whether a worker ran the heartbeat job recently (or none is needed)."""
    if not settings.HEALTH_REQUIRE_WORKER:
        return True
    oldest = now - timedelta(seconds=settings.HEALTH_HEARTBEAT_MAX_AGE)
    return Heartbeat.objects.filter(name=WORKER, beat_at__gte=oldest).exists()
