"""The filed periodic report (`filing.FiledReport`) as DOCX and XLSX.

DOCX: Decree 30/2020/NĐ-CP, Appendix I — portrait A4, margins 20/20/30/15 mm,
Times New Roman, the national motto beside the agency, number and date line,
sections I-V, "Nơi nhận" and the signature block, then the annex on a new
page. Every table is exactly the text width (fixed layout, widths in twips).

Speed: python-docx's `table.cell(r, c)` and `row.cells` rebuild the whole
cell grid on each call, which made a large table quadratic (22 s at 100,000
tasks). Tables are therefore written as one XML string per table and parsed
once; paragraphs outside tables go through python-docx.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from docx import Document as new_document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

from chidao.lib.http import content_disposition

from .exports import (
    DOCX_TYPE,
    FONT,
    STT,
    XLSX_TYPE,
    Column,
    Table,
    _header,
    _paragraph,
    _short_rule,
    _twips_mm,
    date_line,
    download_name,
    format_value,
    safe_text,
)
from .filing import ANNEX_LIMIT, FiledReport, Section, shortened_line

# "STT" needs its 3 letters on one line.
NO = Column("stt", STT.header, 8, "int")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PAGE_MM = (210.0, 297.0)
MARGINS_MM = {"top": 20.0, "bottom": 20.0, "left": 30.0, "right": 15.0}
TABLE_PT = 11
# Characters XML 1.0 cannot hold (a report text pasted from anywhere).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def usable_mm(landscape: bool = False) -> float:
    width = PAGE_MM[1] if landscape else PAGE_MM[0]
    return width - MARGINS_MM["left"] - MARGINS_MM["right"]


def column_widths_mm(columns: Sequence[Column], total_mm: float) -> list[float]:
    """The columns' character widths scaled to fill `total_mm` exactly."""
    chars = sum(c.width for c in columns)
    widths = [total_mm * c.width / chars for c in columns]
    return widths


def _twips(mm: float) -> int:
    return int(mm * 1440 / 25.4)


def _text(value: object) -> str:
    return escape(_NOT_XML.sub("", str(value)))


def _cell(text: str, width: int, align: str, *, bold: bool) -> str:
    run = ""
    if text:
        b = "<w:b/>" if bold else ""
        lines = text.split("\n")
        body = "<w:br/>".join(
            f'<w:t xml:space="preserve">{_text(line)}</w:t>' for line in lines
        )
        run = (
            f'<w:r><w:rPr>{b}<w:sz w:val="{TABLE_PT * 2}"/>'
            f'<w:szCs w:val="{TABLE_PT * 2}"/></w:rPr>{body}</w:r>'
        )
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
        '<w:vAlign w:val="center"/></w:tcPr>'
        f'<w:p><w:pPr><w:spacing w:before="20" w:after="20" w:line="240" '
        f'w:lineRule="auto"/><w:ind w:left="0" w:right="0" w:firstLine="0"/>'
        f'<w:jc w:val="{align}"/></w:pPr>{run}</w:p></w:tc>'
    )


def table_xml(table: Table, total_mm: float) -> str:
    """One `w:tbl`: fixed layout, header repeated on each page, borders."""
    columns = [NO, *table.columns] if table.numbered else list(table.columns)
    widths = [_twips(w) for w in column_widths_mm(columns, total_mm)]
    aligns = [
        "center" if c.key == "stt" else "right" if c.numeric or c.kind == "figure"
        else "left"
        for c in columns
    ]  # fmt: skip
    keys = [c.key for c in columns]
    kinds = [c.kind for c in columns]
    border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    borders = "".join(
        border.format(s) for s in ("top", "left", "bottom", "right", "insideH",
                                   "insideV")
    )  # fmt: skip
    parts = [
        f'<w:tbl xmlns:w="{W_NS}"><w:tblPr>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f"<w:tblBorders>{borders}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/>'
        '<w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
        "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>",
        *(
            _cell(str(c.header), w, "center", bold=True)
            for c, w in zip(columns, widths, strict=True)
        ),
        "</w:tr>",
    ]
    cells = list(zip(keys, kinds, widths, aligns, strict=True))
    for n, row in enumerate(table.rows, start=1):
        parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        for key, kind, width, align in cells:
            value = n if key == "stt" else row.get(key)
            parts.append(_cell(format_value(value, kind), width, align, bold=False))
        parts.append("</w:tr>")
    if table.totals is not None:
        parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        for key, kind, width, align in cells:
            value = None if key == "stt" else table.totals.get(key)
            parts.append(_cell(format_value(value, kind), width, align, bold=True))
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def _fixed_grid(table: Any, widths_mm: Sequence[float]) -> None:
    """A python-docx table held to `widths_mm`: grid, width and fixed layout."""
    widths = [_twips(w) for w in widths_mm]
    for col, width in zip(table._tbl.tblGrid, widths, strict=True):
        col.set(qn("w:w"), str(width))
    properties = table._tbl.tblPr
    for tag, attrs in (
        ("w:tblW", {"w:w": str(sum(widths)), "w:type": "dxa"}),
        ("w:tblLayout", {"w:type": "fixed"}),
    ):
        element = properties.find(qn(tag))
        if element is None:
            element = OxmlElement(tag)
            properties.append(element)
        for key, value in attrs.items():
            element.set(qn(key), value)


def _add_table(document: Any, table: Table, total_mm: float) -> None:
    element = parse_xml(table_xml(table, total_mm))
    document.element.body.sectPr.addprevious(element)


def _body(document: Any, text: str, *, bold: bool = False, italic: bool = False,
          indent: bool = True) -> Any:  # fmt: skip
    paragraph = _paragraph(
        document,
        text,
        size=14,
        bold=bold,
        italic=italic,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        space_after=6,
    )
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(12.7)
    return paragraph


def _section(document: Any, section: Section, total_mm: float) -> None:
    # A heading and the lines before a table stay on the table's page.
    _body(document, section.heading, bold=True).paragraph_format.keep_with_next = True
    for line in section.lines:
        _body(document, line).paragraph_format.keep_with_next = bool(section.tables)
    for number, (agency, items) in enumerate(section.entries, start=1):
        _body(document, f"{number}. {agency}", bold=True, italic=True)
        for label, text in items:
            paragraph = _body(document, "")
            label_run = paragraph.add_run(f"- {label}: ")
            label_run.font.italic = True
            label_run.font.size = Pt(14)
            text_run = paragraph.add_run(_NOT_XML.sub("", text))
            text_run.font.size = Pt(14)
    for table in section.tables:
        _add_table(document, table, total_mm)
        _paragraph(document, size=6)


def _page(section: Any, *, landscape: bool) -> None:
    width, height = PAGE_MM
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(height), Mm(width)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(width), Mm(height)
    section.top_margin = _twips_mm(MARGINS_MM["top"])
    section.bottom_margin = _twips_mm(MARGINS_MM["bottom"])
    section.left_margin = _twips_mm(MARGINS_MM["left"])
    section.right_margin = _twips_mm(MARGINS_MM["right"])


def _signature(document: Any, report: FiledReport, total_mm: float) -> None:
    """ "Nơi nhận" on the left, the signer on the right with room to sign."""
    half = _twips(total_mm / 2)
    left = [
        (_("Recipients:"), 12, True, True, "left"),
        *((f"- {r}", 11, False, False, "left") for r in report.recipients),
    ]
    right = [
        (report.signer_title.upper(), 13, True, False, "center"),
        *(("", 13, False, False, "center") for _n in range(5)),
        (report.signer_name, 13, True, False, "center"),
    ]

    def cell(lines: list[tuple[str, int, bool, bool, str]]) -> str:
        paragraphs = []
        for text, size, bold, italic, align in lines:
            style = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
            run = (
                f'<w:r><w:rPr>{style}<w:sz w:val="{size * 2}"/></w:rPr>'
                f'<w:t xml:space="preserve">{_text(text)}</w:t></w:r>'
                if text
                else ""
            )
            paragraphs.append(
                f'<w:p><w:pPr><w:spacing w:before="0" w:after="0"/>'
                f'<w:jc w:val="{align}"/></w:pPr>{run}</w:p>'
            )
        return (
            f'<w:tc><w:tcPr><w:tcW w:w="{half}" w:type="dxa"/></w:tcPr>'
            f"{''.join(paragraphs)}</w:tc>"
        )

    xml = (
        f'<w:tbl xmlns:w="{W_NS}"><w:tblPr><w:tblW w:w="{2 * half}" w:type="dxa"/>'
        '<w:tblLayout w:type="fixed"/><w:tblLook w:val="0000"/></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{half}"/><w:gridCol w:w="{half}"/></w:tblGrid>'
        f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cell(left)}{cell(right)}</w:tr>"
        "</w:tbl>"
    )
    document.element.body.sectPr.addprevious(parse_xml(xml))


def to_docx(report: FiledReport) -> bytes:
    document = new_document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    _page(document.sections[0], landscape=False)
    width = usable_mm()
    _header(document, report, width)
    _fixed_grid(document.tables[0], [70.0, width - 70.0])
    _paragraph(document, size=8)
    _paragraph(document, str(report.title).upper(), size=14, bold=True)
    _paragraph(document, report.subject, size=14, bold=True)
    _short_rule(document, indent_mm=width * 0.4)
    _paragraph(document, size=8)
    for line in report.intro:
        _body(document, line)
    for section in report.sections:
        _section(document, section, width)
    _paragraph(document, size=6)
    _signature(document, report, width)

    annex = report.annex
    page = document.add_section(WD_SECTION.NEW_PAGE)
    _page(page, landscape=annex.landscape)
    annex_width = usable_mm(annex.landscape)
    _paragraph(document, annex.heading.upper(), size=14, bold=True)
    day = date_line("", report.issued_on).lstrip(", ")
    _paragraph(
        document,
        _("(Attached to report No. %(number)s, %(day)s)")
        % {"number": report.number.strip(), "day": day},
        size=13,
        italic=True,
        space_after=6,
    )
    for line in annex.lines:
        _body(document, line)
    for table in annex.tables:
        shown = min(len(table.rows), ANNEX_LIMIT)
        if shown < (annex.total if annex.total is not None else len(table.rows)):
            _body(document, shortened_line(shown))
        table = replace(table, rows=table.rows[:shown])  # noqa: PLW2901
        _add_table(document, table, annex_width)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- XLSX: one sheet per section, each with the letterhead and the period ------

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="E8ECF1")
_FORMATS = {"int": "#,##0", "rate": "0.0%", "date": "dd/mm/yyyy"}
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(text: str, used: set[str]) -> str:
    name = _SHEET_UNSAFE.sub("", text)[:31].strip() or "Sheet"
    base, n = name, 2
    while name in used:
        name = f"{base[:28]} {n}"
        n += 1
    used.add(name)
    return name


def _named_styles(workbook: Workbook) -> None:
    """The workbook's few styles, registered once: a cell then takes a style
    by name, which costs nothing, where setting a font or a border on each
    cell hashes the style every time (seconds for an annex of 30,000 rows)."""
    fonts = {
        "plain": Font(name=FONT, size=12),
        "bold": Font(name=FONT, bold=True, size=12),
        "italic": Font(name=FONT, italic=True, size=12),
        "title": Font(name=FONT, bold=True, size=14),
    }
    for name, font in fonts.items():
        workbook.add_named_style(NamedStyle(name=f"cd-{name}", font=font))
    workbook.add_named_style(
        NamedStyle(
            name="cd-head",
            font=fonts["bold"],
            fill=_HEAD_FILL,
            border=_BORDER,
            alignment=Alignment(
                horizontal="center", vertical="center", wrap_text=True
            ),  # fmt: skip
        )
    )
    for weight in ("plain", "bold"):
        for kind in ("text", "int", "rate", "date", "figure"):
            workbook.add_named_style(
                NamedStyle(
                    name=f"cd-{weight}-{kind}",
                    font=fonts[weight],
                    border=_BORDER,
                    number_format=_FORMATS.get(kind, "General"),
                    alignment=Alignment(
                        vertical="top",
                        wrap_text=kind == "text",
                        horizontal="right" if kind != "text" else None,
                    ),
                )
            )


def to_xlsx(report: FiledReport) -> bytes:
    """The same sections as sheets, each with the Office's name, the title and
    the period; write-only, so the annex of every overdue task stays fast."""
    workbook = Workbook(write_only=True)
    _named_styles(workbook)
    used: set[str] = set()

    def cell(sheet: Any, value: object, style: str) -> WriteOnlyCell:
        if isinstance(value, str):
            value = safe_text(value)
        out = WriteOnlyCell(sheet, value=value)
        out.style = style
        return out

    for section in [*report.sections, report.annex]:
        sheet = workbook.create_sheet(_sheet_name(section.heading, used))
        columns = [STT, *section.tables[0].columns] if section.tables else []
        columns = columns or [Column("text", "", 60)]
        for n, column in enumerate(columns):
            sheet.column_dimensions[chr(ord("A") + n)].width = column.width
        header = [
            (report.committee.upper(), "cd-plain"),
            ((report.office or report.issuer).upper(), "cd-bold"),
            (f"{str(report.title).upper()}: {report.subject}", "cd-title"),
            (
                _(
                    "Tasks of the directives issued from %(start)s to %(end)s; "
                    "status as of %(as_of)s."
                )  # fmt: skip
                % {
                    "start": report.period.start.strftime("%d/%m/%Y"),
                    "end": report.period.end.strftime("%d/%m/%Y"),
                    "as_of": report.period.as_of.strftime("%d/%m/%Y"),
                },
                "cd-italic",
            ),
            ("", "cd-plain"),
            (section.heading, "cd-bold"),
            *((line, "cd-plain") for line in section.lines),
        ]
        shown = len(section.tables[0].rows) if section.tables else 0
        if section.total is not None and shown < section.total:
            header.append((shortened_line(shown), "cd-italic"))
        for text, style in header:
            sheet.append([cell(sheet, text, style)] if text else [])
        for agency, items in section.entries:
            sheet.append([cell(sheet, agency, "cd-bold")])
            for label, text in items:
                sheet.append(
                    [
                        None,
                        cell(sheet, label, "cd-italic"),
                        cell(sheet, text, "cd-plain-text"),
                    ]  # fmt: skip
                )
        for table in section.tables:
            sheet.append([])
            sheet.append(
                [cell(sheet, str(c.header), "cd-head") for c in [STT, *table.columns]]
            )
            kinds = [c.kind if c.kind in _FORMATS or c.kind == "figure" else "text"
                     for c in table.columns]  # fmt: skip
            keys = [c.key for c in table.columns]
            plain = [f"cd-plain-{k}" for k in kinds]
            for n, row in enumerate(table.rows, start=1):
                sheet.append(
                    [cell(sheet, n, "cd-plain-int")]
                    + [cell(sheet, row.get(k), s) for k, s in zip(keys, plain,
                                                                  strict=True)]
                )  # fmt: skip
            if table.totals is not None:
                bold = [f"cd-bold-{k}" for k in kinds]
                sheet.append(
                    [cell(sheet, None, "cd-bold-int")]
                    + [cell(sheet, table.totals.get(k), s)
                       for k, s in zip(keys, bold, strict=True)]
                )  # fmt: skip
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# -- HTTP ------------------------------------------------------------------------

RENDERERS = {"docx": (to_docx, DOCX_TYPE), "xlsx": (to_xlsx, XLSX_TYPE)}


def bytes_response(content: bytes, stem: str, extension: str) -> Any:
    from django.http import HttpResponse

    response = HttpResponse(content, content_type=RENDERERS[extension][1])
    response["Content-Disposition"] = content_disposition(
        download_name(stem, extension)
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def file_response(report: FiledReport, extension: str) -> Any:
    render = RENDERERS[extension][0]
    return bytes_response(render(report), report.filename, extension)
