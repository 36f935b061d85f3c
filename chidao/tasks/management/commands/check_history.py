"""Verify the task history the as-of-date reports are read from.

The history is derived data (every change writes it); this recomputes what
can be checked: each task's current row equals the task, and each task's rows
follow one another without gap or overlap. Exits 1 and lists what is wrong.
`--sample N` checks N tasks drawn at random (a large database, a quick look).
"""

import random

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chidao.tasks.history import check
from chidao.tasks.models import Task


class Command(BaseCommand):
    help = "Check that each task's history is whole and ends with the task as it is."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--sample", type=int, default=0, help="check only N tasks drawn at random"
        )

    def handle(self, *args: object, **options: object) -> None:
        tasks = None
        sample = int(options["sample"] or 0)
        if sample:
            ids = list(Task.objects.values_list("pk", flat=True))
            # Not for security: which rows to look at.
            chosen = random.sample(ids, min(sample, len(ids)))  # noqa: S311
            tasks = Task.objects.filter(pk__in=chosen)
        findings = check(tasks)
        for finding in findings:
            self.stdout.write(f"task {finding.task_id}: {finding.problem}")
        if findings:
            raise CommandError(f"{len(findings)} problem(s) in the task history.")
        self.stdout.write("The task history is whole.")
