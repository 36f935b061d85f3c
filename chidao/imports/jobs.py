"""Background jobs (Django's Tasks API; "task" means Task here, hence `job`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django_tasks import task as job

from . import runs
from .models import ImportRun


@job()
def process_import(run_id: int, today_iso: str) -> dict:
    """Check a large task list, and import it when its run asks to."""
    run = ImportRun.objects.select_related("created_by").get(pk=run_id)
    today = date.fromisoformat(today_iso)
    if run.commit_when_checked:
        plan = runs.commit_run(run, today=today, now=timezone.now())
    else:
        plan = runs.check_run(run, today=today)
    return plan.counts()


@job()
def receive_from_inbox() -> dict:
    """The watched folder of the document system's gateway (`EDXML_INBOX`)."""
    from .inbound import receive_folder

    return receive_folder(
        Path(settings.EDXML_INBOX), username=settings.EDXML_INBOX_USER
    ).as_dict()
