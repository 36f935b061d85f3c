"""The task list as a workbook, written as it is read (issue 12).

`exports.to_xlsx` builds the whole workbook in memory, fine for a report's few
tables; a task list can hold an agency's year (~40,000 rows). Here the rows
are read from the database in chunks, written by openpyxl's write-only mode
to a temporary file, and that file is sent in blocks: the worker's memory
stays flat whatever the number of rows. The sheet looks like `to_xlsx`'s
(titles, bold bordered header, frozen header, A4 landscape).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.http import FileResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from chidao.lib.http import content_disposition

from . import exports
from .exports import Report, Table

CHUNK = 2000
# Past this many bytes the temporary workbook goes to disk.
IN_MEMORY = 4 * 1024 * 1024


def chunks(items: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _styled(sheet: Any, value: object, **style: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _body_style(workbook: Workbook, column: Any) -> str:
    """The named style of `column`'s cells, added to `workbook` once: a cell
    given its font, border and alignment one by one has openpyxl hash each of
    them again (two thirds of a 27,000-row export's time, issue 12)."""
    name = f"ChiDao {column.kind}{' numeric' if column.numeric else ''}"
    if name not in workbook.named_styles:
        workbook.add_named_style(
            NamedStyle(
                name=name,
                font=Font(name=exports.FONT, size=12),
                border=exports._BORDER,
                alignment=Alignment(
                    vertical="top",
                    wrap_text=column.kind == "text",
                    horizontal="right" if column.numeric else None,
                ),
                number_format=exports._XLSX_FORMATS.get(column.kind, "General"),
            )
        )
    return name


def write_xlsx(report: Report, table: Table, rows: Iterable[dict], out: Any) -> None:
    """Write `report`'s one `table` with `rows` (an iterator) to the file `out`."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Table %(n)d") % {"n": 1})
    columns = exports._all_columns(table)
    last = get_column_letter(len(columns))
    for col, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = column.width
    titles = [
        (
            report.issuer or report.committee,
            Font(name=exports.FONT, bold=True, size=12),
        ),
        (
            f"{str(report.title).upper()}: {report.subject}",
            Font(name=exports.FONT, bold=True, size=14),
        ),
        *(
            (line, Font(name=exports.FONT, italic=True, size=12))
            for line in report.lines
        ),
        (
            _("Table %(n)d. %(title)s") % {"n": 1, "title": table.title},
            Font(name=exports.FONT, bold=True, size=12),
        ),
    ]
    for number, (text, font) in enumerate(titles, start=1):
        sheet.append([_styled(sheet, exports.safe_text(str(text)), font=font)])
        sheet.merged_cells.add(f"A{number}:{last}{number}")
    sheet.append([])
    header_row = len(titles) + 2
    header_font = Font(name=exports.FONT, bold=True, size=12)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.append(
        [
            _styled(
                sheet,
                str(column.header),
                font=header_font,
                fill=exports._HEADER_FILL,
                border=exports._BORDER,
                alignment=centred,
            )
            for column in columns
        ]
    )
    styles = [_body_style(workbook, column) for column in columns]
    for n, row in enumerate(rows, start=1):
        values = {"stt": n, **row}
        sheet.append(
            [
                _styled(
                    sheet,
                    exports._xlsx_value(values.get(column.key), column.kind),
                    style=style,
                )
                for column, style in zip(columns, styles, strict=True)
            ]
        )
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    workbook.save(out)


def xlsx_response(report: Report, rows: Iterable[dict]) -> FileResponse:
    """`report` (one table, rows left out) with `rows`, sent from a temp file."""
    out = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115 - closed by the response
    write_xlsx(report, report.tables[0], rows, out)
    out.seek(0)
    response = FileResponse(out, content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = content_disposition(
        exports.download_name(report.filename, "xlsx")
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
