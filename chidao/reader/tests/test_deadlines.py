"""Deadline and frequency rules of the samples README, one by one."""

from datetime import date

import pytest

from chidao.reader.deadlines import (
    Reference,
    add_working_days,
    exempt_year,
    find_deadline,
    find_period,
)

ISSUED = Reference(date(2024, 5, 2))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("báo cáo trước ngày 15/7/2024", date(2024, 7, 15)),
        ("trình Chính phủ trước ngày 30 tháng 7 năm 2024", date(2024, 7, 30)),
        ("báo cáo trước 14 giờ ngày 10/7/2024", date(2024, 7, 10)),
        ("hoàn thành chậm nhất ngày 20/8/2024", date(2024, 8, 20)),
        ("gửi Sở Tài chính trước ngày 05/7", date(2024, 7, 5)),
        (
            "gửi Sở Tài chính trước ngày 15/3",
            date(2025, 3, 15),
        ),  # before issue: next year
        ("hoàn thành trong tháng 6/2024", date(2024, 6, 30)),
        ("trình UBND tỉnh xem xét trong tháng 9 năm 2024", date(2024, 9, 30)),
        ("xong trong cuối tháng 2/2024", date(2024, 2, 29)),
        ("hoàn thành trong Quý III năm 2024", date(2024, 9, 30)),
        ("xong trong quý II/2026", date(2026, 6, 30)),
        ("hoàn thành trong quý 4/2024", date(2024, 12, 31)),
        ("tổ chức thực hiện trong năm 2025", date(2025, 12, 31)),
        ("Đến năm 2030, hoàn thành việc chuyển đổi", date(2030, 12, 31)),
        ("trình trong thời hạn 30 ngày kể từ ngày ký", date(2024, 6, 1)),
        ("trình trong thời hạn 10 ngày làm việc kể từ ngày ký", date(2024, 5, 16)),
        (
            "trong suốt những ngày diễn ra Lễ hội "
            "từ ngày 23 đến ngày 26 tháng 02 năm 2025",
            date(2025, 2, 26),
        ),
    ],
)
def test_dated_deadlines(text, expected):
    found = find_deadline(text, ISSUED)
    assert found is not None
    assert found.on == expected


@pytest.mark.parametrize(
    "text",
    [
        "khẩn trương xây dựng cơ sở dữ liệu",
        "báo cáo ngay về Sở",
        "kịp thời phát hiện, xử lý",
        "sớm tổng hợp tình hình",
        "thực hiện theo quy định",
        "thường xuyên kiểm tra",
        "thống nhất trước khi trình Thủ tướng Chính phủ xem xét",
        "hoàn thành theo đúng tiến độ quy định tại Nghị định số 178/2026/NĐ-CP",
    ],
)
def test_words_without_a_date_keep_their_wording_and_no_date(text):
    found = find_deadline(text, ISSUED)
    assert found is not None
    assert found.on is None
    assert found.text


def test_a_horizon_is_not_a_deadline_nor_a_cited_document_date():
    assert (
        find_deadline(
            "dữ liệu cấp quốc gia đến năm 2030 và có tính đến năm 2050", ISSUED
        )
        is None
    )
    assert find_deadline("theo Công văn số 1017/BTNMT ngày 22/3/2013", ISSUED) is None


def test_two_digit_year_is_read_in_the_century_of_the_issue_date():
    found = find_deadline("hoàn thành cuối tháng 9/77", Reference(date(1978, 9, 4)))
    assert found.on == date(1977, 9, 30)


def test_blank_issue_date_uses_what_the_date_line_gives():
    found = find_deadline("trước ngày 10/8", Reference(None, 2026, 6))
    assert found.on == date(2026, 8, 10)
    assert (
        find_deadline("trong 10 ngày kể từ ngày ký", Reference(None, 2026, 6)).on
        is None
    )


def test_working_days_skip_weekends():
    assert add_working_days(date(2024, 8, 2), 1) == date(2024, 8, 5)
    assert add_working_days(date(2024, 8, 2), 10) == date(2024, 8, 16)


@pytest.mark.parametrize(
    ("text", "period", "recurring"),
    [
        ("báo cáo hằng tháng", "month", True),
        ("định kỳ hằng quý báo cáo", "quarter", True),
        ("Báo cáo 6 tháng", "half_year", True),
        ("định kỳ 6 tháng báo cáo kết quả", "half_year", True),
        ("Hằng năm, tổng hợp kết quả", "year", True),
        ("định kỳ hoặc đột xuất báo cáo UBND tỉnh", None, True),
        ("báo cáo Ủy ban nhân dân thành phố định kỳ theo yêu cầu", None, True),
    ],
)
def test_frequencies(text, period, recurring):
    found = find_period(text)
    assert found is not None
    assert (found.period, found.recurring) == (period, recurring)


@pytest.mark.parametrize(
    "text",
    [
        "bố trí kinh phí trong dự toán ngân sách hằng năm",
        "xây dựng kế hoạch 5 năm và hằng năm",
        "tham gia kiểm tra liên ngành định kỳ, đột xuất do Sở chủ trì",
        "báo cáo tình hình 6 tháng đầu năm",
    ],
)
def test_yearly_that_qualifies_an_object_is_no_frequency(text):
    assert find_period(text) is None


def test_a_year_without_the_half_year_report():
    assert exempt_year("trước ngày 10/7 (riêng năm 2026 thực hiện báo cáo năm)") == 2026
    assert find_period("(riêng năm 2026 thực hiện báo cáo năm)") is None
