"""Task tables: the annex or plan table `STT | Nội dung | Cơ quan chủ trì | ...`.

Plans (Kế hoạch) and the annexes of directives list their tasks as a table:
one row per task, with the content, the lead agency (`Cơ quan chủ trì`,
`Đơn vị chủ trì`), the cooperating agencies (`Cơ quan phối hợp`) and the
deadline (`Thời gian hoàn thành`, `Thời hạn`, `Tiến độ`). Two forms reach the
reader:

- web-library copies keep the cells on one line between `|` separators;
- `pdftotext -layout` keeps the columns aligned with spaces, and a cell wraps
  over the following lines in its own column.

A table is recognised by its header row (a content column and a lead column);
each numbered row under it is a task. Rows without a lead (group headings
`I | Nhóm nhiệm vụ ...`) are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chidao.lib.text import fold

from .agencies import Mention, parse_agency_text
from .deadlines import Deadline, Period, Reference, find_deadline, find_period
from .text import clean, split_lines

_CONTENT = re.compile(
    r"\b(?:noi dung|nhiem vu|ten nhiem vu|cong viec|nhiem vu cu the|hoat dong|de an)\b"
)
_LEAD = re.compile(r"\bchu tri\b|\bco quan thuc hien\b|\bdon vi thuc hien\b")
_COOP = re.compile(r"\bphoi hop\b")
_WHEN = re.compile(
    r"\b(?:thoi gian|thoi han|tien do|hoan thanh|thoi diem|han hoan thanh)\b"
)
_ROW_NUMBER = re.compile(r"^\s*(?P<n>\d{1,3}(?:\.\d{1,2})*)\.?(?=\s|$)")
_REPORT = re.compile(r"(?i)\b(?:báo\s+cáo|trình|tham\s+mưu|đề\s+xuất|kiến\s+nghị)\b")


@dataclass
class TableRow:
    start: int  # source offsets of the row (all its lines)
    end: int
    content: str
    lead: list[Mention]
    cooperating: list[Mention]
    deadline: Deadline | None
    period: Period | None
    must_report: bool


def _columns(cells: list[str]) -> dict[str, int] | None:
    """Which cell holds what, from a header row; None if it is no task table."""
    roles: dict[str, int] = {}
    for idx, cell in enumerate(cells):
        low = fold(cell)
        if "lead" not in roles and _LEAD.search(low):
            roles["lead"] = idx
        elif "coop" not in roles and _COOP.search(low):
            roles["coop"] = idx
        elif "when" not in roles and _WHEN.search(low):
            roles["when"] = idx
        elif "content" not in roles and _CONTENT.search(low):
            roles["content"] = idx
    if "lead" in roles and "content" in roles:
        return roles
    return None


def _mentions(cell: str) -> list[Mention]:
    cell = clean(cell).strip(" ;,.")
    if not cell:
        return []
    out: list[Mention] = []
    for part in re.split(r"\s*[;\n]\s*|\s+-\s+(?=[A-ZĐ])|\s*\+\s*", cell):
        part = part.strip(" ,.")
        if not part:
            continue
        found = parse_agency_text(part, whole=True)
        out.extend(found)
    seen: set[str] = set()
    unique = []
    for m in out:
        if fold(m.name) not in seen:
            seen.add(fold(m.name))
            unique.append(m)
    return unique


def cell_deadline(cell: str, ref: Reference) -> Deadline | None:
    """A deadline cell: `Quý IV/2025`, `Tháng 9/2025`, `Năm 2025`, `Trước 30/6`."""
    cell = clean(cell)
    if not cell:
        return None
    found = find_deadline(cell, ref)
    if found is None or found.on is None:
        # A bare period in its column means "within": `Quý IV/2025` = trong quý IV.
        inside = find_deadline("trong " + cell, ref)
        if inside is not None and inside.on is not None and inside.start == 0:
            return Deadline(inside.on, cell, 0, len(cell), inside.kind)
    return found


def _row(
    start: int,
    end: int,
    cells: list[str],
    roles: dict[str, int],
    ref: Reference,
) -> TableRow | None:
    def cell(role: str) -> str:
        idx = roles.get(role)
        return cells[idx].strip() if idx is not None and idx < len(cells) else ""

    content = re.sub(r"\s+", " ", cell("content")).strip(" ;,.")
    lead = _mentions(cell("lead"))
    if not content or not lead:
        return None
    when = cell("when")
    deadline = cell_deadline(when, ref)
    period = find_period(when)
    return TableRow(
        start=start,
        end=end,
        content=content,
        lead=lead,
        cooperating=_mentions(cell("coop")),
        deadline=deadline,
        period=period,
        must_report=bool(_REPORT.match(content))
        or bool(re.search(r"(?i)\b(?:báo\s+cáo|trình)\s+(?:UBND|Ủy|Uỷ|Thủ)", content)),
    )


def _pipe_cells(text: str) -> list[str]:
    inner = text.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return [c.strip() for c in inner.split("|")]


def _pipe_tables(source: str, ref: Reference) -> list[TableRow]:
    rows: list[TableRow] = []
    roles: dict[str, int] | None = None
    for line in split_lines(source):
        text = line.text.strip()
        if text.count("|") < 3:
            roles = None
            continue
        cells = _pipe_cells(text)
        if all(re.fullmatch(r":?-{2,}:?|", c) for c in cells):
            continue  # the separator under the header
        header = _columns(cells)
        if header is not None and not _ROW_NUMBER.match(cells[0] or ""):
            roles = header
            continue
        if roles is None:
            continue
        if not _ROW_NUMBER.match(cells[0]) and "content" in roles and roles["content"]:
            continue  # a group heading (`I`, `A`) or a row without a number
        lead = len(line.text) - len(line.text.lstrip())
        row = _row(line.start + lead, line.end, cells, roles, ref)
        if row is not None:
            rows.append(row)
    return rows


_GAP = re.compile(r"\S+(?:\s\S+)*")


def _chunks(text: str) -> list[tuple[int, str]]:
    """Runs of text separated by two or more spaces, with their columns."""
    return [(m.start(), m.group()) for m in _GAP.finditer(text)]


def _flush(
    rows: list[TableRow],
    current: list[list[str]] | None,
    first: int,
    last: int,
    roles: dict[str, int],
    ref: Reference,
) -> None:
    if current is None:
        return
    row = _row(first, last, [" ".join(parts) for parts in current], roles, ref)
    if row is not None:
        rows.append(row)


def _layout_tables(source: str, ref: Reference) -> list[TableRow]:
    lines = split_lines(source)
    rows: list[TableRow] = []
    idx = 0
    while idx < len(lines):
        chunks = _chunks(lines[idx].text)
        header = _columns([c for _, c in chunks]) if len(chunks) >= 3 else None
        if header is None or "|" in lines[idx].text:
            idx += 1
            continue
        starts = [pos for pos, _ in chunks]
        roles = header
        idx += 1
        current: list[list[str]] | None = None
        first = last = 0
        blank = 0

        while idx < len(lines):
            text = lines[idx].text
            if not text.strip():
                blank += 1
                if blank >= 1 and current is not None:
                    break
                idx += 1
                continue
            blank = 0
            parts = _chunks(text)
            number = _ROW_NUMBER.match(text)
            if number and parts and parts[0][0] < starts[1]:
                _flush(rows, current, first, last, roles, ref)
                if current is None and len(parts) == len(starts):
                    # The first full row shows where the cells really start
                    # (header labels are often centred over their column).
                    starts = [pos for pos, _ in parts]
                current = [[] for _ in starts]
                first = lines[idx].start + len(text) - len(text.lstrip())
                if parts[0][1].strip(".") == number.group("n"):
                    parts = parts[1:]
            elif current is None:
                # Lines of the header that wrap ("Thời gian" / "hoàn thành").
                idx += 1
                continue
            elif parts and parts[0][0] < starts[1] - 1:
                break  # text back at the margin: the table is over
            for pos, chunk in parts:
                col = max((k for k, s in enumerate(starts) if s <= pos + 2), default=0)
                current[col].append(chunk)
            last = lines[idx].start + len(text.rstrip())
            idx += 1
        _flush(rows, current, first, last, roles, ref)
    return rows


def table_rows(source: str, ref: Reference) -> list[TableRow]:
    """Every task row of the task tables in the document."""
    if not re.search(r"(?i)chủ\s+trì|thực\s+hiện", source):
        return []
    rows = _pipe_tables(source, ref)
    if not rows:
        rows = _layout_tables(source, ref)
    return rows
