"""`manage.py verify_audit`: exit 1 if any audit row was changed or removed."""

from django.core.management.base import BaseCommand, CommandError

from chidao.audit.models import AuditEvent
from chidao.audit.services import verify_chain


class Command(BaseCommand):
    help = "Check the hash chain of the audit trail (SECURITY.md 48)."

    def handle(self, *args: object, **options: object) -> None:
        problems = list(verify_chain())
        for problem in problems:
            self.stderr.write(f"audit row {problem.seq}: {problem.problem}")
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in the audit trail.")
        self.stdout.write(f"audit trail intact: {AuditEvent.objects.count()} rows.")
