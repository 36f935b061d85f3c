"""Receive the edXML messages a gateway left in a folder (its outbox).

Each message is received as a document to review, exactly as an upload is;
it is then moved to DIR/done (received, or already there) or DIR/refused
(with a .txt giving the reason). A classified message is deleted, not moved.
The scheduler runs this hourly when EDXML_INBOX is set.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chidao.imports.inbound import receive_folder
from chidao.lib.errors import NotAllowed


class Command(BaseCommand):
    help = "Receive every .edxml/.xml message of DIR as documents to review."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="The gateway's outbox.")
        parser.add_argument(
            "--as",
            dest="username",
            default=settings.EDXML_INBOX_USER,
            help="The Office account the documents are received as "
            "(default: EDXML_INBOX_USER).",
        )

    def handle(self, *args: object, **options: object) -> None:
        folder = options["folder"]
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder.")
        if not options["username"]:
            raise CommandError("Give --as USERNAME (or set EDXML_INBOX_USER).")
        try:
            result = receive_folder(folder, username=options["username"])
        except NotAllowed as exc:
            raise CommandError(exc.message) from exc
        for name in result.received:
            self.stdout.write(f"received {name}")
        for name in result.duplicates:
            self.stdout.write(f"already received {name}")
        for name in result.refused:
            self.stdout.write(f"refused {name} (see refused/{name}.txt)")
        counts = result.as_dict()
        self.stdout.write(
            "{received} received, {duplicates} already there, {refused} refused".format(
                **counts
            )
        )
