"""Task tables of plans and annexes: one task per row."""

from datetime import date

from chidao.reader.deadlines import Reference
from chidao.reader.tables import cell_deadline, table_rows

REF = Reference(date(2025, 2, 20))

PIPE = """II. NHIỆM VỤ
| STT | Nội dung công việc | Đơn vị chủ trì | Đơn vị phối hợp | Thời hạn |
| --- | --- | --- | --- | --- |
| I | Nhóm nhiệm vụ về thể chế | | | |
| 1 | Rà soát quy định về đất đai | Sở Tư pháp | Sở NN&MT; Sở Tài chính | Quý II/2025 |
| 2 | Báo cáo kết quả thực hiện | Văn phòng UBND tỉnh | | Trước 15/12/2025 |
"""

LAYOUT = """
 TT        Nội dung              Cơ quan chủ trì    Cơ quan phối hợp   Thời gian
  1  Kiểm tra an toàn đập, hồ    Sở Nông nghiệp và  UBND các huyện     Tháng 5/2025
     chứa nước                   Môi trường
  2  Bố trí kinh phí sửa chữa    Sở Tài chính       Sở Nông nghiệp và  Hằng năm
                                                    Môi trường

Giao Sở Nông nghiệp và Môi trường theo dõi việc thực hiện.
"""


def test_pipe_rows_are_tasks_with_their_columns_and_group_rows_are_skipped():
    rows = table_rows(PIPE, REF)
    assert [r.content for r in rows] == [
        "Rà soát quy định về đất đai",
        "Báo cáo kết quả thực hiện",
    ]
    first, second = rows
    assert [m.name for m in first.lead] == ["Sở Tư pháp"]
    assert [m.name for m in first.cooperating] == ["Sở NN&MT", "Sở Tài chính"]
    assert first.deadline.on == date(2025, 6, 30)
    assert second.deadline.on == date(2025, 12, 15)
    assert second.must_report and not first.must_report
    assert PIPE[first.start : first.end].startswith("| 1 |")


def test_aligned_columns_join_wrapped_cells_and_stop_at_the_margin():
    rows = table_rows(LAYOUT, REF)
    assert [r.content for r in rows] == [
        "Kiểm tra an toàn đập, hồ chứa nước",
        "Bố trí kinh phí sửa chữa",
    ]
    assert [m.name for m in rows[0].lead] == ["Sở Nông nghiệp và Môi trường"]
    assert [m.name for m in rows[1].cooperating] == ["Sở Nông nghiệp và Môi trường"]
    assert rows[0].deadline.on == date(2025, 5, 31)
    assert rows[1].deadline is None or rows[1].deadline.on is None
    assert rows[1].period.period == "year"


def test_a_text_without_a_lead_column_has_no_task_table():
    text = "| STT | Nội dung | Kinh phí |\n| 1 | Tập huấn | 100 triệu |\n"
    assert table_rows(text, REF) == []


def test_bare_periods_in_a_deadline_column_read_as_within():
    assert cell_deadline("Quý IV/2025", REF).on == date(2025, 12, 31)
    assert cell_deadline("Tháng 9/2025", REF).on == date(2025, 9, 30)
    assert cell_deadline("Năm 2026", REF).on == date(2026, 12, 31)
    assert cell_deadline("Thường xuyên", REF).on is None
