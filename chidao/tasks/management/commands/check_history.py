"""Verify the task history the as-of-date reports are read from.

The history is derived data (every change writes it); this recomputes what
can be checked: each task's current row equals the task, and each task's rows
follow one another without gap or overlap. Then the standing counts the
dashboard reads (`tasks.rollup`) are recomputed from the history and
compared, and who sees each task (`tasks.reach`) from the tasks. Exits 1
and lists what is wrong. `--sample N` checks N tasks' history drawn at
random (a large database, a quick look);
`--rebuild-standing` recomputes the standing counts and the reach rows;
`--prepare-standing` builds them only if they are not built (after a first
`migrate`: `make serve`, docs/DEPLOY.md), else moves them to today.
"""

import random

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from chidao.tasks import reach, rollup
from chidao.tasks.history import check
from chidao.tasks.models import Task


class Command(BaseCommand):
    help = "Check that each task's history is whole and ends with the task as it is."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--sample", type=int, default=0, help="check only N tasks drawn at random"
        )
        parser.add_argument(
            "--rebuild-standing",
            action="store_true",
            help="recompute the standing counts and the reach rows instead",
        )
        parser.add_argument(
            "--prepare-standing",
            action="store_true",
            help="build the standing counts if missing, else move them to today",
        )

    def handle(self, *args: object, **options: object) -> None:
        if options["rebuild_standing"]:
            with transaction.atomic():
                rollup.rebuild(timezone.localdate())
                reach.rebuild()
            self.stdout.write(
                "The standing counts and the reach rows were rebuilt from the history."
            )
            return
        if options["prepare_standing"]:
            rollup.reading_day(timezone.localdate())
            self.stdout.write("The standing counts hold today.")
            return
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
        problems = rollup.check()
        for problem in problems:
            self.stdout.write(f"standing counts: {problem}")
        unseen = reach.check()
        for problem in unseen:
            self.stdout.write(f"task reach: {problem}")
        if findings or problems or unseen:
            raise CommandError(
                f"{len(findings)} problem(s) in the task history, "
                f"{len(problems)} in the standing counts, "
                f"{len(unseen)} in the task reach."
            )
        self.stdout.write(
            "The task history is whole; the standing counts and the reach agree."
        )
