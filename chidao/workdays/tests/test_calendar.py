"""Working-day arithmetic with explicit dates; no database."""

from datetime import date

import pytest

from chidao.workdays.calendar import (
    WorkCalendar,
    add_working_days,
    working_days_between,
)


@pytest.fixture(scope="module")
def official() -> WorkCalendar:
    """Library holidays only, as the law gives them (no admin entries)."""
    return WorkCalendar()


def test_hung_kings_on_sunday_2026_gives_monday_off(official: WorkCalendar) -> None:
    assert not official.is_working_day(date(2026, 4, 26))
    assert not official.is_working_day(date(2026, 4, 27))
    assert "Hùng Vương" in official.reason(date(2026, 4, 27))


def test_reunification_and_labour_day_2026_are_thursday_friday(
    official: WorkCalendar,
) -> None:
    assert date(2026, 4, 30).weekday() == 3
    assert not official.is_working_day(date(2026, 4, 30))
    assert not official.is_working_day(date(2026, 5, 1))


def test_five_working_days_after_24_april_2026_is_6_may(
    official: WorkCalendar,
) -> None:
    # 27/4 (nghỉ bù), 28/4, 29/4, then 30/4–3/5 off, then 4/5, 5/5, 6/5.
    assert add_working_days(date(2026, 4, 24), 5, official) == date(2026, 5, 6)
    assert working_days_between(date(2026, 4, 24), date(2026, 5, 6), official) == 5


def test_tet_2026_is_off_around_17_february(official: WorkCalendar) -> None:
    for day in range(16, 21):
        assert not official.is_working_day(date(2026, 2, day))
    assert official.is_working_day(date(2026, 2, 13))
    assert official.is_working_day(date(2026, 2, 23))
    assert "Tết" in official.reason(date(2026, 2, 17))


def test_library_swapped_saturday_is_a_working_day(official: WorkCalendar) -> None:
    # 2/5/2025 off in exchange for Saturday 26/4/2025 worked.
    assert not official.is_working_day(date(2025, 5, 2))
    assert official.is_working_day(date(2025, 4, 26))
    assert "Làm bù" in official.reason(date(2025, 4, 26))


def test_weekends_are_not_working_days_with_reasons() -> None:
    cal = WorkCalendar(holidays={})
    assert not cal.is_working_day(date(2026, 3, 7))
    assert not cal.is_working_day(date(2026, 3, 8))
    assert cal.reason(date(2026, 3, 7)) == "Thứ Bảy"
    assert cal.reason(date(2026, 3, 8)) == "Chủ nhật"
    assert cal.reason(date(2026, 3, 9)) == ""


def test_make_up_saturday_is_counted() -> None:
    cal = WorkCalendar(holidays={}, working_days={date(2026, 3, 7): "Làm bù"})
    assert cal.is_working_day(date(2026, 3, 7))
    assert add_working_days(date(2026, 3, 6), 1, cal) == date(2026, 3, 7)
    assert cal.reason(date(2026, 3, 7)) == "Làm bù"


def test_announced_day_off_is_skipped() -> None:
    cal = WorkCalendar(holidays={}, days_off={date(2026, 3, 10): "Nghỉ"})
    assert add_working_days(date(2026, 3, 9), 1, cal) == date(2026, 3, 11)
    assert working_days_between(date(2026, 3, 9), date(2026, 3, 11), cal) == 1


def test_holidays_may_be_given_as_a_set() -> None:
    cal = WorkCalendar(
        holidays={date(2025, 4, 30), date(2025, 5, 1)}, days_off={date(2025, 5, 2)}
    )
    assert add_working_days(date(2025, 4, 29), 1, cal) == date(2025, 5, 5)


def test_zero_days_is_the_start_even_on_a_holiday() -> None:
    cal = WorkCalendar(holidays={})
    assert add_working_days(date(2026, 3, 8), 0, cal) == date(2026, 3, 8)


def test_negative_days_go_backwards() -> None:
    cal = WorkCalendar(holidays={})
    assert add_working_days(date(2026, 3, 9), -1, cal) == date(2026, 3, 6)
    assert working_days_between(date(2026, 3, 9), date(2026, 3, 6), cal) == -1


def test_next_working_day_skips_the_weekend() -> None:
    cal = WorkCalendar(holidays={})
    assert cal.next_working_day(date(2026, 3, 6)) == date(2026, 3, 9)
