"""Art. 7 dates beside a task: pure arithmetic with an explicit calendar."""

from datetime import date

import pytest

from chidao.lib.periods import period_end
from chidao.tasks.standing import TaskDates, dates_of
from chidao.workdays.calendar import WorkCalendar

CAL = WorkCalendar(holidays={date(2026, 11, 24): "Ngày Văn hóa Việt Nam"})
HANDOVER_DUE = date(2026, 11, 9)


@pytest.mark.parametrize(
    ("period", "as_of", "due"),
    [
        ("quarter", date(2026, 11, 28), date(2026, 12, 31)),
        ("quarter", date(2026, 2, 10), date(2026, 3, 31)),
        ("quarter", date(2026, 6, 30), date(2026, 6, 30)),
        ("half_year", date(2026, 3, 1), date(2026, 6, 30)),
        ("half_year", date(2026, 7, 1), date(2026, 12, 31)),
        ("year", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_period_end(period: str, as_of: date, due: date) -> None:
    assert period_end(period, as_of) == due


def test_unknown_period_is_an_error() -> None:
    with pytest.raises(ValueError, match="week"):
        period_end("week", date(2026, 1, 1))


def task_dates(
    fields: dict, as_of: date, calendar: WorkCalendar, **more: object
) -> TaskDates:
    values = {"state": "accepted", "deadline": None, **fields, **more}
    return dates_of(as_of=as_of, calendar=calendar, handover_due=HANDOVER_DUE, **values)


def _task(**fields: object) -> dict:
    return fields


def test_days_left_skip_weekends_and_holidays() -> None:
    dates = task_dates(
        _task(deadline=date(2026, 11, 27), report_due=date(2026, 12, 4)),
        date(2026, 11, 20),
        CAL,
    )
    # 23, 25, 26, 27 November: the 24th is a holiday.
    assert dates.days_left == 4
    assert dates.deadline_text == "còn 4 ngày làm việc"
    assert not dates.due_soon


def test_overdue_text_and_late_report_flag() -> None:
    dates = task_dates(
        _task(deadline=date(2026, 11, 20), report_due=date(2026, 11, 27)),
        date(2026, 11, 30),
        CAL,
    )
    assert dates.deadline_text == "quá hạn 5 ngày làm việc"
    assert dates.is_overdue
    assert dates.report_late


def test_done_report_after_the_report_due_is_late() -> None:
    dates = task_dates(
        _task(
            state="reported_done",
            deadline=date(2026, 11, 20),
            report_due=date(2026, 11, 27),
        ),
        date(2026, 12, 5),
        CAL,
        completed_on=date(2026, 11, 19),
        filed_by_report_due=True,
    )
    assert dates.days_left is None
    assert not dates.report_late


def test_handover_late_when_handed_over_after_the_limit() -> None:
    late = task_dates(_task(handed_over_on=date(2026, 11, 10)), date(2026, 11, 12), CAL)
    on_time = task_dates(
        _task(handed_over_on=date(2026, 11, 9)), date(2026, 11, 12), CAL
    )
    pending = task_dates(_task(state="draft"), date(2026, 11, 10), CAL)
    assert (late.handover_late, on_time.handover_late, pending.handover_late) == (
        True,
        False,
        True,
    )


def test_periodic_task_shows_the_next_period_due() -> None:
    dates = task_dates(_task(next_period_due=date(2027, 1, 8)), date(2026, 11, 28), CAL)
    assert dates.next_period_due == date(2027, 1, 8)
    assert dates.deadline_text == ""


def test_a_friday_deadline_is_overdue_on_saturday() -> None:
    dates = task_dates(_task(deadline=date(2026, 11, 27)), date(2026, 11, 28), CAL)
    assert dates.is_overdue
    assert dates.deadline_text == "quá hạn 1 ngày làm việc"


def test_due_today_only_on_the_day() -> None:
    today = task_dates(_task(deadline=date(2026, 11, 27)), date(2026, 11, 27), CAL)
    weekend = task_dates(_task(deadline=date(2026, 11, 29)), date(2026, 11, 28), CAL)
    assert today.deadline_text == "đến hạn hôm nay"
    assert weekend.deadline_text == "còn 0 ngày làm việc"
