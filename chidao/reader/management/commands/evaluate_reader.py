"""`manage.py evaluate_reader [DIR] [--format table|json]`: score the reader."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chidao.reader import evaluation


def default_directory() -> Path:
    shared = Path(settings.BASE_DIR).parent / "shared" / "samples" / "directives"
    if shared.is_dir():
        return shared
    return Path(__file__).resolve().parents[2] / "tests" / "samples"


class Command(BaseCommand):
    help = (
        "Score the directive reader against annotated documents (NAME.txt with "
        "NAME.json, the format of the samples README). DIR defaults to "
        "../shared/samples/directives beside the repository when it exists."
        "\n\n" + (evaluation.__doc__ or "")
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: object):  # noqa: ANN201
        from argparse import RawDescriptionHelpFormatter

        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "directory", nargs="?", help="Folder of NAME.txt + NAME.json."
        )
        parser.add_argument("--format", choices=["table", "json"], default="table")
        parser.add_argument(
            "--errors", action="store_true", help="List missed, extra and wrong tasks."
        )

    def handle(self, *args: object, **options: object) -> None:
        directory = (
            Path(str(options["directory"]))
            if options["directory"]
            else default_directory()
        )
        if not directory.is_dir():
            raise CommandError(f"No such directory: {directory}")
        report = evaluation.evaluate_directory(directory)
        if not report.documents:
            raise CommandError(
                f"No annotated documents (NAME.txt + NAME.json) in {directory}"
            )
        if options["format"] == "json":
            data = report.to_json(errors=bool(options["errors"]))
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Directory: {directory}")
        self.stdout.write(evaluation.format_table(report))
        if options["errors"]:
            for doc, errs in report.to_json(errors=True)["errors"].items():
                if not any(errs.values()):
                    continue
                self.stdout.write(f"\n{doc}")
                for span in errs["missed"]:
                    self.stdout.write(f"  missed: {span[:160]!r}")
                for span in errs["extra"]:
                    self.stdout.write(f"  extra:  {span[:160]!r}")
                for wrong in errs["wrong"]:
                    self.stdout.write(
                        f"  wrong:  {json.dumps(wrong, ensure_ascii=False)}"
                    )
