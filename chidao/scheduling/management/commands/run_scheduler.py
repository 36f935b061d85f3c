"""Enqueue the periodic jobs at their hour; `manage.py db_worker` runs them.

Each (job, day) is recorded in the database before it is enqueued, so a
restart or a second scheduler never enqueues the same day twice.
"""

import time

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from chidao.scheduling.heartbeat import send_heartbeat
from chidao.scheduling.services import tick


class Command(BaseCommand):
    help = "Enqueue the periodic jobs (reminders, housekeeping) at their local hour."

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
                now = timezone.now()
                send_heartbeat(now=now)
                for name in tick(now):
                    self.stdout.write(f"{name} enqueued")
                if options["once"]:
                    return
                time.sleep(max(1, int(options["interval"])))
        except KeyboardInterrupt:
            return
