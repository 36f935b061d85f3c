"""Properties of the working-day arithmetic, on the real 2020–2030 holidays."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from chidao.workdays.calendar import (
    WorkCalendar,
    add_working_days,
    working_days_between,
)

CAL = WorkCalendar(
    working_days={date(2026, 3, 7): "Làm bù"}, days_off={date(2026, 3, 10): "Nghỉ"}
)
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
counts = st.integers(min_value=0, max_value=400)

settings.register_profile("chidao", max_examples=150, deadline=None)
settings.load_profile("chidao")


@given(days, counts)
def test_counting_back_the_added_days_gives_n(start: date, n: int) -> None:
    assert working_days_between(start, add_working_days(start, n, CAL), CAL) == n


@given(days, st.integers(min_value=1, max_value=400))
def test_result_is_a_working_day_after_start(start: date, n: int) -> None:
    end = add_working_days(start, n, CAL)
    assert end > start
    assert CAL.is_working_day(end)


@given(days, counts, counts)
def test_adding_is_monotonic_and_composes(start: date, m: int, n: int) -> None:
    low, high = sorted((m, n))
    assert add_working_days(start, low, CAL) <= add_working_days(start, high, CAL)
    twice = add_working_days(add_working_days(start, m, CAL), n, CAL)
    assert twice == add_working_days(start, m + n, CAL)


@given(days, st.integers(min_value=1, max_value=400))
def test_going_back_undoes_going_forward_from_a_working_day(
    start: date, n: int
) -> None:
    if not CAL.is_working_day(start):
        start = CAL.next_working_day(start)
    assert add_working_days(add_working_days(start, n, CAL), -n, CAL) == start


@given(days, days)
def test_between_is_antisymmetric_and_bounded(a: date, b: date) -> None:
    n = working_days_between(a, b, CAL)
    assert n == -working_days_between(b, a, CAL)
    assert abs(n) <= abs((b - a).days)


@given(days, days, days)
def test_between_adds_up(a: date, b: date, c: date) -> None:
    assert working_days_between(a, b, CAL) + working_days_between(b, c, CAL) == (
        working_days_between(a, c, CAL)
    )


@given(days)
def test_a_week_has_at_most_six_working_days(start: date) -> None:
    assert working_days_between(start, start + timedelta(days=7), CAL) <= 6


@given(days, days)
def test_fast_count_equals_walking_each_day(a: date, b: date) -> None:
    start, end = sorted((a, b))
    walked = sum(
        CAL.is_working_day(start + timedelta(days=i))
        for i in range(1, (end - start).days + 1)
    )
    assert working_days_between(start, end, CAL) == walked
