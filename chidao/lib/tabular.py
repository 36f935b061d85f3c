"""Read the rows of an uploaded XLSX or CSV file as dictionaries.

Imports validate every row first and write nothing unless all rows pass, so
these readers only parse; they never touch the database.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from .text import fold


class TableError(ValueError):
    """The file cannot be read as a table."""


@dataclass
class RowErrors:
    """Row-numbered messages collected over a whole file."""

    messages: list[tuple[int, str]] = field(default_factory=list)

    def add(self, row: int, message: str) -> None:
        self.messages.append((row, message))

    def __bool__(self) -> bool:
        return bool(self.messages)

    def as_text(self) -> list[str]:
        return [
            _("Row %(row)d: %(message)s") % {"row": r, "message": m}
            for r, m in self.messages
        ]


def _header_key(value: object) -> str:
    return fold(str(value or "")).replace(" ", "_")


def read_rows(upload: IO[bytes], filename: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (row number as the user sees it, {folded header: cell text})."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        try:
            workbook = load_workbook(upload, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds on a bad file
            raise TableError(_("The file is not a readable XLSX workbook.")) from exc
        rows = workbook.active.iter_rows(values_only=True)
    elif name.endswith(".csv"):
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise TableError(_("The CSV file must be encoded in UTF-8.")) from exc
        rows = csv.reader(io.StringIO(text))
    else:
        raise TableError(_("Only XLSX and CSV files can be imported."))
    header: list[str] | None = None
    for number, row in enumerate(rows, start=1):
        cells = ["" if c is None else str(c).strip() for c in row]
        if header is None:
            header = [_header_key(c) for c in cells]
            continue
        if not any(cells):
            continue
        yield number, dict(zip(header, cells, strict=False))
    if header is None:
        raise TableError(_("The file is empty."))
