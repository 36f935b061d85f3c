"""Send today's reminders now, e.g. from cron: manage.py send_reminders."""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from chidao.tasks import reminders


class Command(BaseCommand):
    help = (
        "Notify tasks due soon, due today or overdue, and late hand-overs and "
        "reports. Running it twice the same day notifies nobody twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="YYYY-MM-DD; default today.")
        parser.add_argument(
            "--force", action="store_true", help="Run on a non-working day too."
        )

    def handle(self, *args: object, **options: object) -> None:
        try:
            today = (
                date.fromisoformat(str(options["date"]))
                if options["date"]
                else timezone.localdate()
            )
        except ValueError as exc:
            raise CommandError("--date must be YYYY-MM-DD.") from exc
        with transaction.atomic():
            run = reminders.send_reminders(today, force=bool(options["force"]))
        self.stdout.write(json.dumps(run.as_dict()))
