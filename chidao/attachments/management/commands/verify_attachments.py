"""Nightly integrity check: stored bytes must still match their SHA-256.

SECURITY.md 43: exits non-zero (and logs a security event, withholding the
file) when any stored file was changed or lost since upload.
"""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from chidao.attachments import services
from chidao.attachments.models import Attachment


class Command(BaseCommand):
    help = "Check every stored attachment against the SHA-256 taken at upload."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--delete-orphans",
            action="store_true",
            help="Delete stored files that no attachment refers to.",
        )

    def handle(self, *args: object, delete_orphans: bool, **options: object) -> None:
        now = timezone.now()
        checked, broken = 0, []
        for attachment in Attachment.objects.exclude(stored_name="").iterator():
            if attachment.scanner_report.get("hold") == "integrity":
                continue  # already reported and withheld
            checked += 1
            if not services.verify_integrity(attachment, now=now):
                broken.append(attachment)
        orphans = services.orphan_files()
        for name in orphans:
            self.stdout.write(f"orphan file: {name}")
            if delete_orphans:
                default_storage.delete(name)
        self.stdout.write(
            f"checked {checked} file(s), {len(broken)} changed or missing"
        )
        if broken:
            ids = ", ".join(str(a.pk) for a in broken)
            raise CommandError(f"integrity check failed for attachment(s) {ids}")
