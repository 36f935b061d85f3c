"""Enqueue the periodic jobs at their hour; `manage.py db_worker` runs them.

Each (job, day) is recorded in the database before it is enqueued, so a
restart or a second scheduler never enqueues the same day twice.
"""

import logging
import time

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from chidao.scheduling.heartbeat import send_heartbeat
from chidao.scheduling.services import tick

logger = logging.getLogger(__name__)


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
                if not options["once"]:
                    # A long-lived process: drop a connection past CONN_MAX_AGE
                    # or broken by a database restart, as each request does.
                    close_old_connections()
                try:
                    now = timezone.now()
                    send_heartbeat(now=now)
                    for name in tick(now):
                        self.stdout.write(f"{name} enqueued")
                except DatabaseError:
                    if options["once"]:
                        raise
                    # The next tick retries; /healthz reports the gap meanwhile.
                    logger.exception("scheduler: the database failed; retrying")
                if options["once"]:
                    return
                time.sleep(max(1, int(options["interval"])))
        except KeyboardInterrupt:
            return
