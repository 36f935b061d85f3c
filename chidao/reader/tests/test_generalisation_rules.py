"""Rules added so the reader reads other provinces' documents (realistic set)."""

from datetime import date

from chidao.reader.agencies import parse_agency_text
from chidao.reader.deadlines import Reference, find_deadline, find_period
from chidao.reader.reader import read_directive
from chidao.reader.text import segment

REF = Reference(date(2024, 11, 25))

HEAD = """ỦY BAN NHÂN DÂN
TỈNH NGHỆ AN
Số: 1/UBND-KT
Nghệ An, ngày 20 tháng 12 năm 2024
Kính gửi: Các sở, ban, ngành tỉnh.
Chủ tịch UBND tỉnh yêu cầu các cơ quan thực hiện các nội dung sau:
"""


def _tasks(body: str):
    return read_directive(HEAD + body).tasks


def test_quarter_of_next_year_counts_from_the_issue_year():
    assert find_deadline("hoàn thành trong quý I năm sau", REF).on == date(2025, 3, 31)
    assert find_deadline("xong trong quý II/2026", REF).on == date(2026, 6, 30)


def test_first_months_of_a_year_end_with_their_last_month():
    found = find_deadline("hoàn thành trong 6 tháng đầu năm 2025", REF)
    assert found.on == date(2025, 6, 30)
    assert find_deadline("trong 6 tháng cuối năm", REF).on == date(2024, 12, 31)


def test_a_named_date_wins_over_the_months_a_report_covers():
    text = "đánh giá kết quả trong 6 tháng đầu năm 2025, báo cáo trước ngày 20/6/2025"
    assert find_deadline(text, REF).on == date(2025, 6, 20)


def test_annual_emulation_is_what_is_ranked_not_how_often():
    assert find_period("đưa vào tiêu chí xếp loại thi đua hằng năm") is None
    assert find_period("hằng năm tổng hợp, báo cáo").period == "year"


def test_project_boards_keep_the_field_in_their_name():
    names = [
        m.name
        for m in parse_agency_text(
            "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh"
        )
    ]
    assert names == ["Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh"]


def test_a_name_wrapped_before_its_spaced_dash_is_no_bullet():
    text = "Giám đốc các Sở: Lao động\n- Thương binh và Xã hội, Nội vụ thực hiện.\n"
    assert len(segment(text, 0, len(text))) == 1


def test_a_heading_wrapped_after_a_joining_word_stays_one_heading():
    tasks = _tasks(
        "1. Sở Tài nguyên và\nMôi trường:\n"
        "a) Rà soát giấy phép khai thác khoáng sản, báo cáo UBND tỉnh.\n"
    )
    assert [[a.name for a in t.lead_agencies] for t in tasks] == [
        ["Sở Tài nguyên và Môi trường"]
    ]


def test_an_agency_with_a_duty_in_a_cut_copy_is_a_task_not_a_heading():
    tasks = _tasks(
        "1. Sở Nội vụ có trách nhiệm đưa kết quả vào tiêu chí thi đua; "
        "tổng hợp, đề xuất"
    )
    assert len(tasks) == 1
    assert tasks[0].must_report


def test_a_named_lead_for_the_plan_is_no_execution_formula():
    tasks = _tasks(
        "Giao Sở Y tế chủ trì, phối hợp với các cơ quan liên quan tổ chức triển khai "
        "thực hiện Kế hoạch này.\n"
    )
    assert [[a.name for a in t.lead_agencies] for t in tasks] == [["Sở Y tế"]]


def test_a_report_label_makes_a_report_and_an_information_system_does_not():
    tasks = _tasks(
        "1. Báo cáo quý: gửi trước ngày 15 của tháng cuối quý.\n"
        "2. Sở Tư pháp hoàn thiện Hệ thống thông tin báo cáo của tỉnh trong tháng "
        "6/2025.\n"
    )
    assert [t.must_report for t in tasks] == [True, False]
