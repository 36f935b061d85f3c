"""Task spreadsheets as Offices keep them, built for the tests.

Title rows merged across the top, the header in an odd order and without
accents, a row of column numbers, Excel date cells and dates typed as text,
several sheets (one of them only notes), and rows an officer got wrong.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook

# Header as the Office of the test typed it: odd order, no accents.
ODD_HEADER = [
    "STT",
    "Noi dung nhiem vu",
    "CO QUAN CHU TRI",
    "So, ky hieu van ban",
    "Ngay ban hanh",
    "Trich yeu",
    "Thoi han",
    "Tinh hinh thuc hien",
    "Ngay hoan thanh",
    "Co quan phoi hop",
    "Ghi chu",
]
STANDARD_HEADER = [
    "STT",
    "Số, ký hiệu văn bản",
    "Ngày ban hành",
    "Trích yếu",
    "Người ký",
    "Nội dung nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời hạn",
    "Kết quả",
    "Ngày hoàn thành",
    "Ghi chú",
]


def excel(year: int, month: int, day: int) -> datetime:
    """A date cell as openpyxl reads it back: a naive datetime."""
    return datetime(year, month, day)  # noqa: DTZ001 - a spreadsheet cell


def odd_row(
    n: int,
    content: str,
    lead: str,
    number: str,
    issued: Any,
    summary: str = "",
    deadline: Any = "",
    status: str = "",
    completed: Any = "",
    cooperating: str = "",
    note: str = "",
) -> list[Any]:
    return [
        n,
        content,
        lead,
        number,
        issued,
        summary,
        deadline,
        status,
        completed,
        cooperating,
        note,
    ]


def sheet_with_titles(
    book: Workbook, title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    sheet = book.create_sheet(title)
    width = len(header)
    sheet.append(["ỦY BAN NHÂN DÂN TỈNH AN GIANG"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.append(["DANH MỤC NHIỆM VỤ UBND TỈNH GIAO (THEO DÕI TẠI VĂN PHÒNG)"])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheet.append([])
    sheet.append(list(header))
    sheet.append([f"({i})" for i in range(1, width + 1)])
    for row in rows:
        sheet.append(list(row))


def workbook(sheets: dict[str, tuple[Sequence[str], Sequence[Sequence[Any]]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, (header, rows) in sheets.items():
        sheet_with_titles(book, title, header, rows)
    notes = book.create_sheet("Hướng dẫn")
    notes.append(["Bảng này do Văn phòng theo dõi; cập nhật hằng tuần."])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def legacy_file() -> bytes:
    """The realistic file of the tests: two sheets, one of notes, good rows only.

    Sheet "2025" (odd header): 672/QĐ-UBND has three tasks (one done on
    15/05/2025, one in progress, one not started); 1234/UBND-KT one task due
    "Quý III/2025". Sheet "Năm 2024" (standard header): 88/CT-UBND with one
    periodic task and one due "tháng 6/2025".
    """
    return workbook(
        {
            "2025": (
                ODD_HEADER,
                [
                    odd_row(
                        1,
                        "Xây dựng kế hoạch triển khai chuyển đổi số",
                        "Sở Tài chính",
                        "672/QĐ-UBND",
                        excel(2025, 3, 10),
                        "Về việc ban hành Kế hoạch chuyển đổi số năm 2025",
                        excel(2025, 5, 31),
                        "Đã hoàn thành",
                        excel(2025, 5, 15),
                        "Sở Nội vụ",
                        "Đã báo cáo tại Công văn 45/STC",
                    ),
                    odd_row(
                        2,
                        "Rà soát biên chế các đơn vị sự nghiệp",
                        "so noi vu",
                        "672/QĐ-UBND",
                        "10/3/25",
                        "",
                        "30/06/2025",
                        "Đang thực hiện",
                    ),
                    odd_row(
                        3,
                        "Tổng hợp số liệu giải ngân vốn đầu tư công",
                        "Sở TC",
                        "672/QĐ-UBND",
                        "10/03/2025",
                        "",
                        "31/12/2025",
                        "Chưa thực hiện",
                    ),
                    odd_row(
                        4,
                        "Báo cáo tình hình quyết toán dự án hoàn thành",
                        "Sở Tài chính",
                        "1234/UBND-KT",
                        excel(2025, 4, 2),
                        "V/v đẩy nhanh quyết toán dự án hoàn thành",
                        "Quý III/2025",
                        "Quá hạn",
                    ),
                ],
            ),
            "Năm 2024": (
                STANDARD_HEADER,
                [
                    [
                        1,
                        "88/CT-UBND",
                        date(2024, 11, 20),
                        "Về tăng cường kỷ luật, kỷ cương hành chính",
                        "Nguyễn Thanh Bình",
                        "Báo cáo kết quả thực hiện chỉ thị",
                        "Sở Nội vụ",
                        "",
                        "Hằng quý",
                        "Đang thực hiện",
                        "",
                        "",
                    ],
                    [
                        2,
                        "88/CT-UBND",
                        date(2024, 11, 20),
                        "",
                        "",
                        "Kiểm tra công vụ tại các sở",
                        "Sở Nội vụ",
                        "Sở Tài chính",
                        "tháng 6/2025",
                        "",
                        "",
                        "",
                    ],
                ],
            ),
        }
    )


def csv_file(text: str) -> bytes:
    return text.encode("utf-8-sig")
