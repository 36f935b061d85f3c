"""Reading tracking lists: header rows, column names, sheets, cells."""

from datetime import date

import pytest

from chidao.imports.legacy import (
    BadDate,
    TableError,
    date_of,
    header_key,
    read_workbook,
    recognise,
)

from .spreadsheets import csv_file, excel, legacy_file


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Số, ký hiệu văn bản", "number"),
        ("SO KY HIEU VB", "number"),
        ("Số  hiệu\nvăn bản", "number"),
        ("Ngày ban hành", "issued_on"),
        ("Trích yếu nội dung", "summary"),
        ("Người ký", "signer"),
        ("Nội dung nhiệm vụ", "content"),
        ("Cơ quan, đơn vị chủ trì", "lead_agency"),
        ("Đơn vị phối hợp thực hiện", "cooperating_agencies"),
        ("Thời hạn hoàn thành", "deadline"),
        ("Tình hình thực hiện / Kết quả", "status"),
        ("Kết quả thực hiện nhiệm vụ", "status"),
        ("Ngày hoàn thành", "completed_on"),
        ("Ghi chú", "note"),
        ("STT", "row_number"),
        ("Ảnh chụp", None),
    ],
)
def test_columns_are_recognised_by_their_vietnamese_names(header, field):
    assert recognise(header_key(header)) == field


def test_an_officers_mapping_comes_before_the_built_in_names():
    mapped = {"don vi thuc hien": "cooperating_agencies"}
    assert recognise("don vi thuc hien", mapped) == "cooperating_agencies"
    assert recognise("ghi chu", {"ghi chu": ""}) is None


def test_header_is_found_below_merged_title_rows_on_every_sheet():
    book = read_workbook(legacy_file(), "theo-doi.xlsx")

    assert [s.name for s in book.sheets] == ["2025", "Năm 2024"]
    assert book.skipped == ["Hướng dẫn"]
    first = book.sheets[0]
    # Titles (1-2), a blank row, the header (4), the column numbers (5).
    assert first.header_row == 5
    assert first.rows[0][0] == 6
    assert first.fields()["lead_agency"].header == "CO QUAN CHU TRI"
    assert book.row_count == 6


def test_a_second_header_row_under_merged_cells_is_read():
    raw = csv_file(
        "STT,Văn bản chỉ đạo,,,Nội dung nhiệm vụ,Cơ quan chủ trì\n"
        ",Số ký hiệu,Ngày ban hành,Trích yếu,,\n"
        "1,12/UBND-KT,02/01/2025,V/v kiểm tra,Kiểm tra,Sở Tài chính\n"
    )

    sheet = read_workbook(raw, "a.csv").sheets[0]

    fields = sheet.fields()
    assert fields["number"].letter == "B"
    assert fields["issued_on"].letter == "C"
    assert fields["summary"].letter == "D"
    assert [n for n, _cells in sheet.rows] == [3]


def test_a_file_without_task_columns_is_refused_with_the_reason():
    with pytest.raises(TableError, match="Nội dung nhiệm vụ"):
        read_workbook(csv_file("a,b,c\n1,2,3\n"), "a.csv")
    with pytest.raises(TableError):
        read_workbook(b"not a workbook", "a.xlsx")
    with pytest.raises(TableError):
        read_workbook(b"x", "a.pdf")


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        (excel(2025, 5, 15), date(2025, 5, 15)),
        (date(2025, 5, 15), date(2025, 5, 15)),
        ("15/05/2025", date(2025, 5, 15)),
        ("5/6/25", date(2025, 6, 5)),
        ("15.5.2025", date(2025, 5, 15)),
        ("2025-05-15", date(2025, 5, 15)),
        ("ngày 15 tháng 5 năm 2025", date(2025, 5, 15)),
        (45792, date(2025, 5, 15)),  # an Excel date cell that lost its format
        ("", None),
        ("Thường xuyên", None),
    ],
)
def test_dates_in_the_forms_offices_type_them(cell, day):
    assert date_of(cell) == day


def test_an_impossible_date_is_not_taken_for_no_date():
    with pytest.raises(BadDate):
        date_of("31/02/2025")
