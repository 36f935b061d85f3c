"""Scan again every file waiting in quarantine, e.g. once ClamAV is back."""

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from chidao.attachments import jobs, services


class Command(BaseCommand):
    help = "Re-scan attachments waiting in quarantine; clean ones are released."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the work to the task workers instead of doing it here.",
        )

    def handle(self, *args: object, enqueue: bool, **options: object) -> None:
        if enqueue:
            result = jobs.rescan_quarantined.enqueue()
            self.stdout.write(f"enqueued {result.id}")
            return
        counts = services.rescan_waiting(now=timezone.now())
        summary = ", ".join(f"{status}: {n}" for status, n in sorted(counts.items()))
        self.stdout.write(f"re-scanned {sum(counts.values())} file(s). {summary}")
