"""`manage.py evaluate_reader [DIR ...]`: score the reader, plainly and left out."""

from __future__ import annotations

import json
from argparse import RawDescriptionHelpFormatter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chidao.reader import evaluation

TESTS = Path(__file__).resolve().parents[2] / "tests"


def default_directories() -> list[Path]:
    """The development corpus: the samples (shared copy if present) and the
    corpus of other kinds kept beside the reader's tests."""
    shared = Path(settings.BASE_DIR).parent / "shared" / "samples" / "directives"
    samples = shared if shared.is_dir() else TESTS / "samples"
    return [samples, TESTS / "corpus"]


class Command(BaseCommand):
    help = (
        "Score the directive reader against annotated documents (NAME.txt with "
        "NAME.json, the format of the samples README). DIR defaults to the "
        "development corpus: ../shared/samples/directives beside the repository "
        "(or the copy in chidao/reader/tests/samples) and chidao/reader/tests/"
        "corpus. --by-kind prints one line per kind of document; "
        "--leave-one-out issuer (or source) prints, beside the plain score, the "
        "score of each issuer's documents read without what the lexicon knows "
        "only from that issuer.\n\n" + (evaluation.__doc__ or "")
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: object):  # noqa: ANN201
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "directories", nargs="*", help="Folders of NAME.txt + NAME.json."
        )
        parser.add_argument("--format", choices=["table", "json"], default="table")
        parser.add_argument(
            "--errors", action="store_true", help="List missed, extra and wrong tasks."
        )
        parser.add_argument(
            "--by-kind",
            action="store_true",
            help="One line per kind of document instead of one per document.",
        )
        parser.add_argument(
            "--leave-one-out",
            choices=["none", "issuer", "source"],
            default="none",
            help="Also score each issuer (or source folder) with what the lexicon "
            "knows only from it withheld.",
        )

    def handle(self, *args: object, **options: object) -> None:
        given = [Path(str(d)) for d in options["directories"] or []]
        directories = given or [d for d in default_directories() if d.is_dir()]
        for directory in directories:
            if not directory.is_dir():
                raise CommandError(f"No such directory: {directory}")
        documents = evaluation.load_documents(directories)
        if not documents:
            raise CommandError(
                "No annotated documents (NAME.txt + NAME.json) in "
                + ", ".join(str(d) for d in directories)
            )
        report = evaluation.evaluate(documents)
        mode = str(options["leave_one_out"])
        left_out = (
            evaluation.evaluate_left_out(documents, by=mode) if mode != "none" else None
        )
        if options["format"] == "json":
            data = report.to_json(errors=bool(options["errors"]))
            if left_out is not None:
                data["left_out"] = {"by": mode, **left_out.to_json()}
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write("Directories: " + ", ".join(str(d) for d in directories))
        if options["by_kind"] or left_out is not None:
            self.stdout.write(evaluation.format_kinds(report, left_out))
        else:
            self.stdout.write(evaluation.format_table(report))
        if options["errors"]:
            self._errors(report)

    def _errors(self, report: evaluation.Report) -> None:
        for doc, errs in report.errors().items():
            if not any(errs.values()):
                continue
            self.stdout.write(f"\n{doc}")
            for span in errs["missed"]:
                self.stdout.write(f"  missed: {span[:160]!r}")
            for span in errs["extra"]:
                self.stdout.write(f"  extra:  {span[:160]!r}")
            for wrong in errs["wrong"]:
                self.stdout.write(f"  wrong:  {json.dumps(wrong, ensure_ascii=False)}")
