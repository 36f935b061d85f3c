"""`manage.py read_directive PATH [--format json|text]`: propose a directive's tasks."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from chidao.lib.errors import Refused
from chidao.reader.agencies import Gazetteer
from chidao.reader.extract import extract_text
from chidao.reader.reader import Proposal, read_directive


class Command(BaseCommand):
    help = (
        "Read a directive (.txt, .docx or .pdf with a text layer) and print the "
        "proposed directive fields and tasks. Nothing is stored. Agency names are "
        "matched to the agency registry when it has agencies, else given as written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The document: .txt (UTF-8), .docx or .pdf.")
        parser.add_argument("--format", choices=["json", "text"], default="json")
        parser.add_argument(
            "--detail",
            action="store_true",
            help="JSON: add registry matches, deadline wording, kind and offsets.",
        )
        parser.add_argument(
            "--no-registry",
            action="store_true",
            help="Give agency names as written, even when the registry has agencies.",
        )

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["path"]))
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            with path.open("rb") as fh:
                text = extract_text(fh, path.name)
            gazetteer = None if options["no_registry"] else _registry()
            proposal = read_directive(text, gazetteer=gazetteer)
        except Refused as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from exc
        if options["format"] == "json":
            data = proposal.to_json(detail=bool(options["detail"]))
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(format_text(proposal))


def _registry() -> Gazetteer | None:
    """The agency registry, or None when the database has none (names as written)."""
    try:
        gazetteer = Gazetteer.from_db()
    except DatabaseError:
        return None
    return gazetteer or None


def format_text(proposal: Proposal) -> str:
    d = proposal.directive
    issued = d.issued_on.strftime("%d/%m/%Y") if d.issued_on else d.issued_partial
    lines = [
        f"{d.kind_label} {d.number or '(chưa có số)'} — {issued or '?'}",
        f"  Trích yếu: {d.summary or '-'}",
        f"  Cơ quan ban hành: {d.issuing_body or '-'}; người ký: {d.signer or '-'}",
        f"  Nhiệm vụ: {len(proposal.tasks)}",
    ]
    for n, t in enumerate(proposal.tasks, 1):
        deadline = t.deadline.strftime("%d/%m/%Y") if t.deadline else "-"
        lines.append(f"{n:>3}. {t.content}")
        lines.append(f"     Chủ trì: {'; '.join(a.name for a in t.lead_agencies)}")
        if t.cooperating_agencies:
            lines.append(
                f"     Phối hợp: {'; '.join(a.name for a in t.cooperating_agencies)}"
            )
        lines.append(
            f"     Thời hạn: {deadline}  Định kỳ: {t.period or '-'}"
            f"  Báo cáo: {'có' if t.must_report else 'không'}"
        )
    return "\n".join(lines)
