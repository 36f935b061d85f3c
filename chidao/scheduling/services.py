"""Which periodic jobs are due now, enqueued at most once a day each."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ScheduledRun
from .schedule import SCHEDULE


def claim_run(name: str, day: object) -> bool:
    """True once per (job name, day): the caller may enqueue the job."""
    try:
        with transaction.atomic():
            ScheduledRun.objects.create(name=name, day=day)
    except IntegrityError:
        return False
    return True


def tick(now: datetime) -> list[str]:
    """Enqueue every job whose hour has come today and that has not run today.

    Returns the names enqueued. The claim and the enqueue share a transaction,
    so a crash between them leaves the day unclaimed and the next tick retries.
    """
    local = timezone.localtime(now)
    enqueued = []
    for entry in SCHEDULE:
        if local.hour < entry.hour():
            continue
        with transaction.atomic():
            if claim_run(entry.name, local.date()):
                entry.enqueue(local.date())
                enqueued.append(entry.name)
    return enqueued
