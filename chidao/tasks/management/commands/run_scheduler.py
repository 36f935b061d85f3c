"""Enqueue the daily jobs at their hour; `manage.py db_worker` runs them.

Each (job, day) is recorded in the database before it is enqueued, so a
restart or a second scheduler never enqueues the same day twice.
"""

import time
from datetime import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from chidao.accounts.jobs import disable_idle_accounts_job
from chidao.attachments.jobs import rescan_quarantined, verify_stored_files
from chidao.notifications.services import claim_run
from chidao.tasks.jobs import send_reminders

JOB_NAME = "send_reminders"
# Housekeeping at night: (name, local hour, job); each runs once a day.
NIGHTLY_JOBS = [
    ("rescan_quarantined", 1, rescan_quarantined),
    ("verify_stored_files", 2, verify_stored_files),
    ("disable_idle_accounts", 3, disable_idle_accounts_job),
]


def tick(now: datetime) -> str | None:
    """Enqueue today's reminders once it is `REMINDER_HOUR`; the result id or None."""
    local = timezone.localtime(now)
    for name, hour, nightly in NIGHTLY_JOBS:
        if local.hour >= hour:
            with transaction.atomic():
                if claim_run(name, local.date()):
                    nightly.enqueue()
    if local.hour < settings.REMINDER_HOUR:
        return None
    today = local.date()
    with transaction.atomic():
        if not claim_run(JOB_NAME, today):
            return None
        result = send_reminders.enqueue(today.isoformat())
    return str(result.id)


class Command(BaseCommand):
    help = "Enqueue the daily reminders job at REMINDER_HOUR (local time)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Check once and exit (cron, tests)."
        )
        parser.add_argument(
            "--interval", type=int, default=60, help="Seconds between checks."
        )

    def handle(self, *args: object, **options: object) -> None:
        try:
            while True:
                enqueued = tick(timezone.now())
                if enqueued:
                    self.stdout.write(f"{JOB_NAME} enqueued ({enqueued})")
                if options["once"]:
                    return
                time.sleep(max(1, int(options["interval"])))
        except KeyboardInterrupt:
            return
