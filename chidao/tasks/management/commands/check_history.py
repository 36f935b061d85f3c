"""Verify the task history the as-of-date reports are read from.

The history is derived data (every change writes it); this recomputes what
can be checked: each task's current row equals the task, and each task's rows
follow one another without gap or overlap. Exits 1 and lists what is wrong.
"""

from django.core.management.base import BaseCommand, CommandError

from chidao.tasks.history import check


class Command(BaseCommand):
    help = "Check that each task's history is whole and ends with the task as it is."

    def handle(self, *args: object, **options: object) -> None:
        findings = check()
        for finding in findings:
            self.stdout.write(f"task {finding.task_id}: {finding.problem}")
        if findings:
            raise CommandError(f"{len(findings)} problem(s) in the task history.")
        self.stdout.write("The task history is whole.")
