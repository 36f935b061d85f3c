"""Columns declared once, rendered to XLSX (openpyxl) and DOCX (python-docx).

A `Report` is a title, a subject and numbered `Table`s of plain rows. The same
object is drawn on the page, written to a workbook and to an administrative
document in the format of Decree 30/2020/NĐ-CP (Appendix I).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from chidao.lib.http import content_disposition

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"

# SECURITY.md 34: a spreadsheet runs a cell that starts with one of these.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\0")


def safe_text(value: str) -> str:
    """Text for a spreadsheet cell: never a formula, no illegal characters."""
    if value.startswith(FORMULA_TRIGGERS):
        value = "'" + value
    return ILLEGAL_CHARACTERS_RE.sub("", value)


@dataclass(frozen=True)
class Column:
    """One column: its key in a row, header, width in characters and kind.

    kind: "text", "int", "rate" (a fraction shown as a percentage) or "date".
    """

    key: str
    header: Any
    width: int = 12
    kind: str = "text"

    @property
    def numeric(self) -> bool:
        return self.kind in ("int", "rate")


@dataclass
class Table:
    title: Any
    columns: Sequence[Column]
    rows: list[dict]
    totals: dict | None = None
    # Number the rows in a first "STT" column (No.).
    numbered: bool = True


@dataclass
class Report:
    """What a page, a workbook and a document all show."""

    title: Any
    subject: str
    tables: list[Table]
    issued_on: date
    lines: list[str] = field(default_factory=list)
    committee: str = ""
    issuer: str = ""
    place: str = ""
    filename: str = "bao-cao"
    landscape: bool = False
    recipients: list[str] = field(default_factory=list)
    signer_title: str = ""


STT = Column("stt", gettext_lazy("No."), 6, "int")


def _all_columns(table: Table) -> list[Column]:
    return [STT, *table.columns] if table.numbered else list(table.columns)


def _cells(table: Table) -> Iterable[tuple[str, dict]]:
    """("row"|"total", row dict with STT) in order."""
    for n, row in enumerate(table.rows, start=1):
        yield "row", {"stt": n, **row}
    if table.totals is not None:
        yield "total", {"stt": None, **table.totals}


def format_value(value: object, kind: str) -> str:
    """A value as text on a page or in a document (dd/mm/yyyy, 85,7 %)."""
    if value is None or value == "":
        return ""
    if kind == "rate":
        return f"{value * 100:.1f} %".replace(".", ",")
    if kind == "int":
        return f"{value:,}".replace(",", ".")
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


# -- XLSX ---------------------------------------------------------------------

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="E8ECF1")
_TOTAL_FILL = PatternFill("solid", fgColor="F4F6F9")
_XLSX_FORMATS = {"int": "#,##0", "rate": "0.0%", "date": "dd/mm/yyyy"}


def _xlsx_value(value: object, kind: str) -> object:
    if value is None:
        return None
    if kind in ("int", "rate", "date") and not isinstance(value, str):
        return value
    return safe_text(str(value))


def _sheet_title(n: int) -> str:
    return (_("Table %(n)d") % {"n": n})[:31]


def to_xlsx(report: Report) -> bytes:
    """One sheet per table: title rows, bold bordered header, totals, frozen."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for number, table in enumerate(report.tables, start=1):
        sheet = workbook.create_sheet(_sheet_title(number))
        columns = _all_columns(table)
        last = get_column_letter(len(columns))
        titles = [
            (report.issuer or report.committee, Font(name=FONT, bold=True, size=12)),
            (
                f"{str(report.title).upper()}: {report.subject}",
                Font(name=FONT, bold=True, size=14),
            ),
            *((line, Font(name=FONT, italic=True, size=12)) for line in report.lines),
            (
                _("Table %(n)d. %(title)s") % {"n": number, "title": table.title},
                Font(name=FONT, bold=True, size=12),
            ),
        ]
        for row_number, (text, font) in enumerate(titles, start=1):
            cell = sheet.cell(row=row_number, column=1, value=safe_text(str(text)))
            cell.font = font
            sheet.merge_cells(f"A{row_number}:{last}{row_number}")
        header_row = len(titles) + 2
        for col, column in enumerate(columns, start=1):
            cell = sheet.cell(row=header_row, column=col, value=str(column.header))
            cell.font = Font(name=FONT, bold=True, size=12)
            cell.fill = _HEADER_FILL
            cell.border = _BORDER
            cell.alignment = Alignment(
                horizontal="center", vertical="center", wrap_text=True
            )
            sheet.column_dimensions[get_column_letter(col)].width = column.width
        row_number = header_row
        for kind, row in _cells(table):
            row_number += 1
            for col, column in enumerate(columns, start=1):
                value = row.get(column.key)
                if kind == "total" and col == 1:
                    value = None
                cell = sheet.cell(
                    row=row_number, column=col, value=_xlsx_value(value, column.kind)
                )
                cell.border = _BORDER
                cell.font = Font(name=FONT, size=12, bold=kind == "total")
                if kind == "total":
                    cell.fill = _TOTAL_FILL
                if column.kind in _XLSX_FORMATS:
                    cell.number_format = _XLSX_FORMATS[column.kind]
                cell.alignment = Alignment(
                    vertical="top",
                    wrap_text=column.kind == "text",
                    horizontal="right" if column.numeric else None,
                )
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
        sheet.print_title_rows = f"{header_row}:{header_row}"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# -- DOCX (Decree 30/2020, Appendix I) -----------------------------------------


def _twips_mm(mm: float) -> Twips:
    """`mm` rounded up to Word's unit (1/20 pt), so it never falls below `mm`."""
    return Twips(math.ceil(mm * 1440 / 25.4))


def _run_font(
    run: Any, *, size: float, bold: bool = False, italic: bool = False
) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _paragraph(
    container: Any,
    text: str = "",
    *,
    size: float = 13,
    bold: bool = False,
    italic: bool = False,
    align: int | None = WD_ALIGN_PARAGRAPH.CENTER,
    underline: bool = False,
    space_after: float = 0,
) -> Any:
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.space_before = Pt(0)
    if text:
        run = paragraph.add_run(text)
        _run_font(run, size=size, bold=bold, italic=italic)
        run.font.underline = underline
    return paragraph


def _short_rule(container: Any, *, indent_mm: float) -> None:
    """The thin line under a heading (a bottom border, inset on both sides)."""
    paragraph = _paragraph(container, size=4)
    paragraph.paragraph_format.left_indent = Mm(indent_mm)
    paragraph.paragraph_format.right_indent = Mm(indent_mm)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (
        ("w:val", "single"),
        ("w:sz", "6"),
        ("w:space", "1"),
        ("w:color", "000000"),
    ):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _first_cell_paragraph(cell: Any) -> Any:
    # A new cell holds one empty paragraph; remove it so spacing is exact.
    for paragraph in list(cell.paragraphs):
        paragraph._element.getparent().remove(paragraph._element)
    return cell


def _set_widths(table: Any, widths_mm: Sequence[float]) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def date_line(place: str, day: date) -> str:
    """ "An Giang, ngày 28 tháng 11 năm 2026" (Decree 30/2020, place and date).

    Days below 10 and the months January and February take a leading zero.
    """
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return _("%(place)s, day %(d)02d month %(m)s year %(y)d") % {
        "place": place,
        "d": day.day,
        "m": month,
        "y": day.year,
    }


def committee_lines(name: str) -> list[str]:
    """ "ỦY BAN NHÂN DÂN / TỈNH AN GIANG": a long name breaks before the
    province, as agencies write it, rather than wherever the cell ends."""
    upper = name.upper()
    for marker in (" TỈNH ", " THÀNH PHỐ "):
        if len(upper) > 24 and marker in upper:
            head, tail = upper.split(marker, 1)
            return [head, f"{marker.strip()} {tail}"]
    return [upper]


def _header(document: Any, report: Report, usable_mm: float) -> None:
    left_mm = 70.0
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_widths(table, [left_mm, usable_mm - left_mm])
    left = _first_cell_paragraph(table.cell(0, 0))
    for line in committee_lines(report.committee):
        _paragraph(left, line, size=12)
    _paragraph(left, report.issuer.upper(), size=12, bold=True)
    _short_rule(left, indent_mm=left_mm / 3)
    _paragraph(left, _("No.: %(number)s") % {"number": "      /BC-VP"}, size=13)
    right = _first_cell_paragraph(table.cell(0, 1))
    _paragraph(right, _("SOCIALIST REPUBLIC OF VIET NAM"), size=12, bold=True)
    _paragraph(
        right,
        _("Independence - Freedom - Happiness"),
        size=13,
        bold=True,
        underline=True,
    )
    _paragraph(right, size=6)
    _paragraph(right, date_line(report.place, report.issued_on), size=13, italic=True)


def _docx_table(document: Any, table: Table, number: int) -> None:
    caption = _("Table %(n)d. %(title)s") % {"n": number, "title": table.title}
    _paragraph(
        document,
        caption,
        size=13,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        space_after=4,
    )
    columns = _all_columns(table)
    rows = list(_cells(table))
    grid = document.add_table(rows=1 + len(rows), cols=len(columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for col, column in enumerate(columns):
        cell = _first_cell_paragraph(grid.cell(0, col))
        _paragraph(cell, str(column.header), size=11, bold=True)
    for r, (kind, row) in enumerate(rows, start=1):
        for col, column in enumerate(columns):
            value = row.get(column.key)
            if kind == "total" and col == 0:
                value = None
            align = (
                WD_ALIGN_PARAGRAPH.RIGHT
                if column.numeric and col > 0
                else WD_ALIGN_PARAGRAPH.CENTER
                if col == 0
                else WD_ALIGN_PARAGRAPH.LEFT
            )
            cell = _first_cell_paragraph(grid.cell(r, col))
            _paragraph(
                cell,
                format_value(value, column.kind),
                size=11,
                bold=kind == "total",
                align=align,
            )
    _paragraph(document, space_after=6)


def to_docx(report: Report) -> bytes:
    """An administrative report: national motto header, Times New Roman, A4."""
    document = new_document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    section = document.sections[0]
    if report.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
    # Decree 30/2020, Appendix I: top and bottom 20-25 mm, left 30-35, right 15-20.
    section.top_margin = _twips_mm(20)
    section.bottom_margin = _twips_mm(20)
    section.left_margin = _twips_mm(30)
    section.right_margin = _twips_mm(15)
    usable_mm = (section.page_width - section.left_margin - section.right_margin) / Mm(
        1
    )

    _header(document, report, usable_mm)
    _paragraph(document, size=8)
    _paragraph(document, str(report.title).upper(), size=14, bold=True)
    _paragraph(document, report.subject, size=14, bold=True)
    _short_rule(document, indent_mm=usable_mm * 0.4)
    _paragraph(document, size=8)
    for line in report.lines:
        body = _paragraph(
            document, line, size=14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=6
        )
        body.paragraph_format.first_line_indent = Mm(12.7)
    for number, table in enumerate(report.tables, start=1):
        _docx_table(document, table, number)

    footer = document.add_table(rows=1, cols=2)
    _set_widths(footer, [usable_mm / 2, usable_mm / 2])
    left = _first_cell_paragraph(footer.cell(0, 0))
    _paragraph(
        left,
        _("Recipients:"),
        size=12,
        bold=True,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    for recipient in report.recipients:
        _paragraph(left, f"- {recipient}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    right = _first_cell_paragraph(footer.cell(0, 1))
    _paragraph(right, report.signer_title.upper(), size=13, bold=True)
    for _blank in range(4):
        _paragraph(right, size=13)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- HTTP -------------------------------------------------------------------------

RENDERERS: dict[str, tuple[Callable[[Report], bytes], str]] = {
    "xlsx": (to_xlsx, XLSX_TYPE),
    "docx": (to_docx, DOCX_TYPE),
}

_UNSAFE_FILENAME = re.compile(r"[^\w.\- ]+", re.UNICODE)


def download_name(stem: str, extension: str) -> str:
    """A file name safe on every OS; Vietnamese letters kept (RFC 6266 filename*)."""
    clean = _UNSAFE_FILENAME.sub("", stem).strip().replace(" ", "_") or "bao-cao"
    return f"{clean[:120]}.{extension}"


def file_response(report: Report, extension: str) -> Any:
    from django.http import HttpResponse

    render, content_type = RENDERERS[extension]
    response = HttpResponse(render(report), content_type=content_type)
    response["Content-Disposition"] = content_disposition(
        download_name(report.filename, extension)
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
