"""Restore a backup folder after checking it against its manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chidao.operations.backups import BackupError, restore_backup, verify_backup


class Command(BaseCommand):
    help = (
        "Verify a backup's SHA-256 manifest, then replace the database and put "
        "back the stored files. Stop the web, worker and scheduler services first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "folder", type=Path, help="A chidao-YYYYMMDD-HHMMSS folder."
        )
        parser.add_argument(
            "--verify-only",
            action="store_true",
            help="Check the manifest; change nothing.",
        )
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Confirm that the current database may be replaced.",
        )

    def handle(self, *args: object, **options: object) -> None:
        folder: Path = options["folder"]
        try:
            if options["verify_only"]:
                problems = verify_backup(folder)
                if problems:
                    raise CommandError("backup damaged: " + "; ".join(problems))
                self.stdout.write(f"backup intact: {folder}")
                return
            if not options["yes"]:
                raise CommandError(
                    "Restoring replaces the current database: add --yes to confirm."
                )
            database, files = restore_backup(folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"restored {database} and {files} stored file(s) from {folder}"
        )
