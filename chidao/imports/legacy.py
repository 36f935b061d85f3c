"""Reading the task spreadsheets Offices keep: sheets, header rows, columns, cells.

A sheet of a real tracking list has title rows above its header ("UBND TỈNH…",
"DANH MỤC NHIỆM VỤ…", merged across), a header whose words vary from one
Office to the next ("Số, ký hiệu văn bản", "So ky hieu", "SỐ HIỆU VB"), maybe a
second header row under a merged "Văn bản" cell and a row of column numbers
"(1) (2) (3)". This module finds the header of each sheet, recognises its
columns by their Vietnamese names (accents, case and spacing aside) and yields
the data rows as {field: cell}. It never touches the database.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from chidao.lib.text import fold

# The fields a column can be imported as, with the label the page shows.
FIELDS: dict[str, Any] = {
    "row_number": gettext_lazy("No. (STT)"),
    "number": gettext_lazy("Number and symbol"),
    "issued_on": gettext_lazy("Issue date"),
    "summary": gettext_lazy("Summary of the directive"),
    "signer": gettext_lazy("Signer"),
    "kind": gettext_lazy("Kind of document"),
    "content": gettext_lazy("Task content"),
    "lead_agency": gettext_lazy("Lead agency"),
    "cooperating_agencies": gettext_lazy("Cooperating agencies"),
    "deadline": gettext_lazy("Deadline"),
    "status": gettext_lazy("Status or results"),
    "completed_on": gettext_lazy("Completion date"),
    "handed_over_on": gettext_lazy("Hand-over date"),
    "tracking_officer": gettext_lazy("Tracking officer"),
    "sector": gettext_lazy("Sector"),
    "note": gettext_lazy("Notes"),
}
# Without these a row cannot become a task.
REQUIRED = ("number", "content", "lead_agency")

# Headers as Offices write them, folded (see `header_key`): exact matches.
ALIASES: dict[str, str] = {
    "stt": "row_number",
    "tt": "row_number",
    "so tt": "row_number",
    "so thu tu": "row_number",
    "so ky hieu van ban": "number",
    "so ky hieu": "number",
    "so ky hieu vb": "number",
    "so hieu van ban": "number",
    "so van ban": "number",
    "so vb": "number",
    "van ban": "number",
    "van ban chi dao": "number",
    "ngay ban hanh": "issued_on",
    "ngay ban hanh van ban": "issued_on",
    "ngay van ban": "issued_on",
    "ngay thang van ban": "issued_on",
    "ngay ky": "issued_on",
    "trich yeu": "summary",
    "trich yeu noi dung": "summary",
    "trich yeu van ban": "summary",
    "ten van ban": "summary",
    "nguoi ky": "signer",
    "lanh dao ky": "signer",
    "loai van ban": "kind",
    "hinh thuc van ban": "kind",
    "noi dung nhiem vu": "content",
    "nhiem vu": "content",
    "noi dung": "content",
    "noi dung cong viec": "content",
    "noi dung chi dao": "content",
    "nhiem vu duoc giao": "content",
    "co quan chu tri": "lead_agency",
    "don vi chu tri": "lead_agency",
    "chu tri": "lead_agency",
    "co quan thuc hien": "lead_agency",
    "don vi thuc hien": "lead_agency",
    "co quan duoc giao": "lead_agency",
    "don vi duoc giao": "lead_agency",
    "co quan phoi hop": "cooperating_agencies",
    "don vi phoi hop": "cooperating_agencies",
    "phoi hop": "cooperating_agencies",
    "thoi han": "deadline",
    "thoi han hoan thanh": "deadline",
    "thoi han thuc hien": "deadline",
    "han hoan thanh": "deadline",
    "han xu ly": "deadline",
    "tinh hinh thuc hien": "status",
    "ket qua": "status",
    "ket qua thuc hien": "status",
    "trang thai": "status",
    "tinh trang": "status",
    "ngay hoan thanh": "completed_on",
    "ngay giao": "handed_over_on",
    "ngay chuyen": "handed_over_on",
    "ngay chuyen theo doi": "handed_over_on",
    "chuyen vien theo doi": "tracking_officer",
    "can bo theo doi": "tracking_officer",
    "nguoi theo doi": "tracking_officer",
    "linh vuc": "sector",
    "ghi chu": "note",
}
# Then phrases a header contains, most specific first ("Thời hạn hoàn thành"
# is a deadline, "Ngày hoàn thành" a completion date).
PHRASES: list[tuple[str, tuple[str, ...]]] = [
    ("completed_on", ("ngay hoan thanh",)),
    ("handed_over_on", ("ngay giao", "ngay chuyen")),
    ("issued_on", ("ngay ban hanh", "ngay van ban", "ngay ky")),
    ("deadline", ("thoi han", "han hoan thanh", "han xu ly", "han bao cao")),
    ("cooperating_agencies", ("phoi hop",)),
    (
        "lead_agency",
        ("chu tri", "co quan thuc hien", "don vi thuc hien", "duoc giao"),
    ),
    ("tracking_officer", ("theo doi",)),
    ("summary", ("trich yeu",)),
    ("number", ("ky hieu", "so van ban", "so hieu")),
    ("signer", ("nguoi ky",)),
    ("kind", ("loai van ban",)),
    (
        "status",
        ("tinh hinh", "ket qua", "trang thai", "tinh trang", "tien do"),
    ),
    ("content", ("noi dung", "nhiem vu")),
    ("sector", ("linh vuc",)),
    ("note", ("ghi chu",)),
]
# Rows searched for the header below the title rows.
HEADER_SEARCH_ROWS = 30
MIN_HEADER_FIELDS = 3
# "(1)", "2", "(A)": the row of column numbers under a header.
_NUMBERING = re.compile(r"^\(?(?:\d{1,2}|[A-Za-z])\)?$")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


class TableError(ValueError):
    """The file cannot be read as a task list; the message says why."""


def header_key(text: object) -> str:
    """A header compared without accents, case, punctuation or line breaks."""
    return _NOT_WORD.sub(" ", fold(str(text or ""))).strip()


def recognise(key: str, remembered: Mapping[str, str] | None = None) -> str | None:
    """The field a header names, or None; `remembered` (officers') comes first."""
    if not key:
        return None
    if remembered and key in remembered:
        return remembered[key] or None
    if key in ALIASES:
        return ALIASES[key]
    padded = f" {key} "
    for name, phrases in PHRASES:
        if any(f" {phrase} " in padded for phrase in phrases):
            return name
    return None


@dataclass
class Column:
    index: int  # 0-based
    header: str  # as written
    key: str  # folded
    field: str | None

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)


@dataclass
class Sheet:
    name: str
    header_row: int  # 1-based, the last header row
    columns: list[Column]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)

    def fields(self) -> dict[str, Column]:
        """Field → its column; the first column of a field wins."""
        found: dict[str, Column] = {}
        for column in self.columns:
            if column.field and column.field not in found:
                found[column.field] = column
        return found


@dataclass
class Row:
    """One data row: where it is, and its cells by field."""

    sheet: str
    number: int  # the row number the user sees in the spreadsheet
    cells: dict[str, Any]
    headers: dict[str, str]  # field → header as written (for error messages)


@dataclass
class Workbook:
    sheets: list[Sheet]
    skipped: list[str]  # sheets without a recognisable header

    @property
    def row_count(self) -> int:
        return sum(len(s.rows) for s in self.sheets)

    def rows(self) -> Iterator[Row]:
        for sheet in self.sheets:
            fields = sheet.fields()
            headers = {name: column.header for name, column in fields.items()}
            for number, cells in sheet.rows:
                values = {
                    name: cells[column.index] if column.index < len(cells) else None
                    for name, column in fields.items()
                }
                yield Row(sheet.name, number, values, headers)

    def headers(self) -> list[tuple[str, str, str | None]]:
        """Each distinct header (key, as written, field), for the mapping form."""
        seen: dict[str, tuple[str, str, str | None]] = {}
        for sheet in self.sheets:
            for column in sheet.columns:
                if column.key and column.key not in seen:
                    seen[column.key] = (column.key, column.header, column.field)
        return list(seen.values())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", str(value)).strip()


def _score(cells: list[Any], remembered: Mapping[str, str]) -> set[str]:
    return {f for f in (recognise(header_key(c), remembered) for c in cells) if f}


def _exact(cell: Any, remembered: Mapping[str, str]) -> str | None:
    key = header_key(cell)
    if key in remembered:
        return remembered[key] or None
    return ALIASES.get(key)


def read_sheet(
    name: str, rows: Iterable[tuple[Any, ...]], remembered: Mapping[str, str]
) -> Sheet | None:
    """The sheet's header and data rows; None when no header is found."""
    head: list[list[Any]] = []
    it = iter(rows)
    for raw in it:
        head.append(list(raw))
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    found = None
    for index, cells in enumerate(head):
        fields = _score(cells, remembered)
        if len(fields) >= MIN_HEADER_FIELDS and "content" in fields:
            found = index
            break
    if found is None:
        return None
    header = [_text(c) for c in head[found]]
    last = found
    below = head[found + 1] if found + 1 < len(head) else []
    # A second header row under merged cells ("Văn bản" over "Số", "Ngày"…).
    under = [
        i
        for i, cell in enumerate(below)
        if _exact(cell, remembered)
        and (i >= len(header) or not recognise(header_key(header[i]), remembered))
    ]
    if under:
        width = max(len(header), len(below))
        header += [""] * (width - len(header))
        for i in under:
            header[i] = _text(below[i])
        last = found + 1
    numbering = head[last + 1] if last + 1 < len(head) else []
    filled = [_text(c) for c in numbering if _text(c)]
    if filled and all(_NUMBERING.match(c) for c in filled):
        last += 1
    columns = [
        Column(i, text, header_key(text), recognise(header_key(text), remembered))
        for i, text in enumerate(header)
    ]
    sheet = Sheet(name, last + 1, columns)
    data = [(i + 1, cells) for i, cells in enumerate(head) if i > last]
    data += [(len(head) + i + 1, list(raw)) for i, raw in enumerate(it)]
    for number, cells in data:
        if any(_text(c) for c in cells):
            sheet.rows.append((number, cells))
    return sheet


def _csv_rows(raw: bytes) -> list[tuple[Any, ...]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(
            _("The CSV file must be encoded in UTF-8 (in Excel: “CSV UTF-8”).")
        ) from exc
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [tuple(row) for row in csv.reader(io.StringIO(text), dialect)]


def read_workbook(
    raw: bytes, filename: str, remembered: Mapping[str, str] | None = None
) -> Workbook:
    """Every sheet of an XLSX (or the one table of a CSV) with a task header."""
    remembered = remembered or {}
    name = filename.lower()
    sheets: list[Sheet] = []
    skipped: list[str] = []
    if name.endswith(".csv"):
        sheet = read_sheet(filename, _csv_rows(raw), remembered)
        if sheet is None:
            skipped.append(filename)
        else:
            sheets.append(sheet)
    elif name.endswith((".xlsx", ".xlsm")):
        try:
            book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds
            raise TableError(_("The file is not a readable XLSX workbook.")) from exc
        try:
            for ws in book.worksheets:
                sheet = read_sheet(ws.title, ws.iter_rows(values_only=True), remembered)
                if sheet is None:
                    skipped.append(ws.title)
                else:
                    sheets.append(sheet)
        finally:
            book.close()
    else:
        raise TableError(_("Only XLSX and CSV files can be imported."))
    if not sheets:
        raise TableError(
            _(
                "No sheet has a header row with the task columns (for example "
                "“Số, ký hiệu văn bản”, “Nội dung nhiệm vụ”, “Cơ quan chủ trì”). "
                "Download the template to see them."
            )
        )
    return Workbook(sheets, skipped)


# -- cells -----------------------------------------------------------------------

_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_WORDS = re.compile(
    r"^(?:ngay\s+)?(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})$", re.IGNORECASE
)
# Excel serial days of years 1955-2118: a date cell without its format.
_SERIAL = (20_000, 80_000)


class BadDate(ValueError):
    """A cell that looks like a date but is none (31/02/2025, 15/13/2025)."""


def text_of(value: Any) -> str:
    return _text(value)


def date_of(value: Any) -> date | None:
    """A date cell: an Excel date, dd/mm/yyyy, d/m/yy, yyyy-mm-dd or written out.

    None for an empty cell or text without a date; BadDate for an impossible one.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if _SERIAL[0] <= value <= _SERIAL[1]:
            return from_excel(value).date()
        return None
    text = _text(value)
    parts = None
    if m := _DMY.match(text):
        day, month, year = (int(g) for g in m.groups())
        parts = (2000 + year if year < 100 else year, month, day)
    elif m := _YMD.match(text):
        parts = tuple(int(g) for g in m.groups())
    elif m := _WORDS.match(fold(text)):
        day, month, year = (int(g) for g in m.groups())
        parts = (year, month, day)
    if parts is None:
        return None
    try:
        return date(*parts)
    except ValueError as exc:
        raise BadDate(text) from exc


# -- the template offered for download -------------------------------------------

TEMPLATE_HEADERS = [
    "STT",
    "Số, ký hiệu văn bản",
    "Ngày ban hành",
    "Trích yếu",
    "Người ký",
    "Nội dung nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời hạn",
    "Tình hình thực hiện",
    "Ngày hoàn thành",
    "Ghi chú",
]
TEMPLATE_EXAMPLE = [
    1,
    "672/QĐ-UBND",
    "10/03/2025",
    "Về việc ban hành Kế hoạch chuyển đổi số năm 2025",
    "Nguyễn Thanh Bình",
    "Xây dựng kế hoạch triển khai chuyển đổi số",
    "Sở Tài chính",
    "Sở Nội vụ",
    "31/05/2025",
    "Đã hoàn thành",
    "15/05/2025",
    "",
]
TEMPLATE_NOTES = [
    "Mỗi dòng là một nhiệm vụ; các dòng cùng số, ký hiệu và năm là một văn bản.",
    "Cột có thể đổi thứ tự; tên cột có dấu hay không dấu đều được nhận.",
    "Ngày: dd/mm/yyyy, d/m/yy hoặc ô ngày của Excel.",
    "Thời hạn: một ngày, “tháng 6/2025”, “Quý III/2025”, hoặc “Hằng quý” "
    "(báo cáo định kỳ); để trống nếu không có thời hạn.",
    "Tình hình thực hiện: Đã hoàn thành (cần Ngày hoàn thành), Đang thực hiện, "
    "Chưa thực hiện, Quá hạn, Đã hủy.",
    "Cơ quan: tên như trong danh mục của ChiDao, viết tắt được (Sở TC), nhiều "
    "cơ quan cách nhau bằng dấu phẩy hoặc chấm phẩy.",
]


def template_workbook() -> bytes:
    """The empty tracking list to download, with one example row and notes."""
    from openpyxl import Workbook as NewWorkbook
    from openpyxl.styles import Alignment, Font

    book = NewWorkbook()
    sheet = book.active
    sheet.title = "Nhiệm vụ"
    last = get_column_letter(len(TEMPLATE_HEADERS))
    sheet.append(["DANH MỤC NHIỆM VỤ DO UBND TỈNH GIAO"])
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(TEMPLATE_HEADERS)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.append(TEMPLATE_EXAMPLE)
    for index, width in enumerate((6, 18, 12, 40, 20, 45, 24, 24, 14, 18, 14, 20)):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    notes = book.create_sheet("Hướng dẫn")
    for line in TEMPLATE_NOTES:
        notes.append([line])
    notes.column_dimensions["A"].width = 110
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
