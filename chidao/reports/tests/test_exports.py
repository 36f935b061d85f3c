"""XLSX and DOCX rendering: formula safety, formats, Decree 30/2020 layout."""

import io
from datetime import date

import pytest
from django.utils import translation
from docx import Document
from docx.shared import Mm, Pt
from openpyxl import load_workbook

from chidao.reports.exports import (
    Column,
    Report,
    Table,
    date_line,
    download_name,
    file_response,
    safe_text,
    to_docx,
    to_xlsx,
)

COLUMNS = [
    Column("name", "Tên", 30),
    Column("n", "Số", 8, "int"),
    Column("rate", "Tỷ lệ", 8, "rate"),
    Column("day", "Ngày", 12, "date"),
]


def sample(**kwargs) -> Report:  # noqa: ANN003
    table = Table(
        "Thử nghiệm",
        COLUMNS,
        [
            {
                "name": '=HYPERLINK("http://x")',
                "n": 3,
                "rate": 0.5,
                "day": date(2026, 11, 28),
            },
            {"name": "Sở Tài chính", "n": 1200, "rate": None, "day": None},
        ],
        {"name": "Tổng cộng", "n": 1203, "rate": 0.5},
    )
    defaults = {
        "title": "Báo cáo",
        "subject": "Về tình hình thực hiện nhiệm vụ, Quý IV năm 2026",
        "tables": [table],
        "issued_on": date(2026, 11, 28),
        "lines": ["Số liệu tính đến ngày 28/11/2026."],
        "committee": "Ủy ban nhân dân tỉnh An Giang",
        "issuer": "Văn phòng",
        "place": "An Giang",
        "recipients": ["Lưu: VT."],
        "signer_title": "Chánh Văn phòng",
    }
    return Report(**{**defaults, **kwargs})


@pytest.mark.parametrize(
    "text, expected",
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+84 912", "'+84 912"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\0=1", "'=1"),
        ("Sở Tài chính", "Sở Tài chính"),
        ("a=b", "a=b"),
    ],
)
def test_cells_that_would_run_as_formulas_are_prefixed(text, expected):
    assert safe_text(text) == expected


def test_xlsx_text_cells_never_hold_a_formula():
    sheet = load_workbook(io.BytesIO(to_xlsx(sample()))).active

    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    assert any(c.value == '\'=HYPERLINK("http://x")' for c in cells)


def test_xlsx_is_a_formatted_table_with_totals():
    with translation.override("en"):
        sheet = load_workbook(io.BytesIO(to_xlsx(sample()))).active
    rows = list(sheet.iter_rows())
    header = next(r for r in rows if r[0].value == "No.")
    n = header[0].row

    assert [c.value for c in header] == ["No.", "Tên", "Số", "Tỷ lệ", "Ngày"]
    assert all(c.font.b for c in header)
    assert header[1].border.bottom.style == "thin"
    assert sheet.freeze_panes == f"A{n + 1}"
    first, second, total = rows[n], rows[n + 1], rows[n + 2]
    assert first[0].value == 1 and second[0].value == 2
    assert first[2].number_format == "#,##0"
    assert first[3].number_format == "0.0%" and first[3].value == 0.5
    assert first[4].number_format == "dd/mm/yyyy"
    assert total[1].value == "Tổng cộng" and total[2].value == 1203 and total[1].font.b
    assert sheet.column_dimensions["B"].width == 30
    titles = [r[0].value for r in rows[: n - 1] if r[0].value]
    assert "BÁO CÁO: Về tình hình thực hiện nhiệm vụ, Quý IV năm 2026" in titles
    assert "Số liệu tính đến ngày 28/11/2026." in titles


def test_docx_follows_decree_30():
    document = Document(io.BytesIO(to_docx(sample())))
    section = document.sections[0]

    # Word stores twentieths of a point: compare in whole millimetres.
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert Mm(20) <= section.top_margin <= Mm(25)
    assert Mm(20) <= section.bottom_margin <= Mm(25)
    assert Mm(30) <= section.left_margin <= Mm(35)
    assert Mm(15) <= section.right_margin <= Mm(20)
    assert document.styles["Normal"].font.name == "Times New Roman"
    header = document.tables[0]
    left = [p.text for p in header.cell(0, 0).paragraphs if p.text]
    right = header.cell(0, 1).paragraphs
    # A long committee name breaks before the province (issue 15).
    assert left[:3] == ["ỦY BAN NHÂN DÂN", "TỈNH AN GIANG", "VĂN PHÒNG"]
    motto = [p for p in right if p.text]
    assert (
        motto[0].text == "SOCIALIST REPUBLIC OF VIET NAM"
        or motto[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    )
    assert motto[1].runs[0].font.underline and motto[1].runs[0].font.bold
    date_paragraph = motto[2]
    assert date_paragraph.runs[0].font.italic
    assert "28" in date_paragraph.text and "2026" in date_paragraph.text
    runs = [r for p in document.paragraphs for r in p.runs]
    assert all(r.font.name == "Times New Roman" for r in runs)
    assert all(
        Pt(13) <= r.font.size <= Pt(14)
        for p in document.paragraphs[2:]
        for r in p.runs
        if p.text and p.text not in ("Recipients:",)
    )
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    assert any(
        t.startswith("Table 1. Thử nghiệm") or t.startswith("Bảng 1. Thử nghiệm")
        for t in texts
    )
    table = document.tables[1]
    assert [c.text for c in table.rows[-1].cells] == [
        "",
        "Tổng cộng",
        "1.203",
        "50,0 %",
        "",
    ]
    assert table.rows[1].cells[1].text == '=HYPERLINK("http://x")'


def test_docx_lands_in_landscape_when_asked():
    section = Document(io.BytesIO(to_docx(sample(landscape=True)))).sections[0]

    assert round(section.page_width.mm) == 297


def test_date_line_in_vietnamese():
    with translation.override("vi"):
        november = date_line("An Giang", date(2026, 11, 8))
        february = date_line("An Giang", date(2026, 2, 28))

    assert november == "An Giang, ngày 08 tháng 11 năm 2026"
    assert february == "An Giang, ngày 28 tháng 02 năm 2026"


def test_download_name_keeps_vietnamese_and_drops_path_tricks():
    assert (
        download_name("../Báo cáo: Quý IV/2026", "xlsx") == "..Báo_cáo_Quý_IV2026.xlsx"
    )


def test_file_response_is_an_attachment_with_utf8_name():
    response = file_response(sample(filename="Báo cáo định kỳ"), "docx")

    assert response["Content-Disposition"] == (
        "attachment; filename=\"Bao_cao_dinh_ky.docx\"; filename*=UTF-8''"
        "B%C3%A1o_c%C3%A1o_%C4%91%E1%BB%8Bnh_k%E1%BB%B3.docx"
    )
