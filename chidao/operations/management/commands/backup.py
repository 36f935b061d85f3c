"""Back up the database and the stored files into one folder with a manifest."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from chidao.operations.backups import (
    BackupError,
    create_backup,
    prune_backups,
    same_volume,
)


class Command(BaseCommand):
    help = "Write a backup (database + attachment files + SHA-256 manifest)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="Folder that receives the backup (default BACKUP_DIR).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help="Then delete all but the newest N backups in that folder.",
        )

    def handle(self, *args: object, **options: object) -> None:
        destination = Path(options["output"] or settings.BACKUP_DIR)
        try:
            backup = create_backup(destination, now=timezone.now())
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"backup written: {backup.folder} ({backup.database}, "
            f"{backup.files} stored file(s))"
        )
        for folder in prune_backups(destination, keep=int(options["keep"])):
            self.stdout.write(f"old backup removed: {folder}")
        if same_volume(destination, Path(settings.MEDIA_ROOT)):
            # TCVN 4.11.2: a copy on the disk it protects is not a backup.
            self.stderr.write(
                f"warning: {destination} is on the same volume as the stored files; "
                "copy the backup to another host (docs/DEPLOY.md §9)."
            )
