"""Reporting periods: bounds, names, recognition of a range."""

from datetime import date

import pytest
from django.utils import translation

from chidao.reports.periods import Period, period_bounds

AS_OF = date(2026, 11, 28)


@pytest.mark.parametrize(
    "kind, n, bounds",
    [
        ("quarter", 1, (date(2026, 1, 1), date(2026, 3, 31))),
        ("quarter", 4, (date(2026, 10, 1), date(2026, 12, 31))),
        ("half_year", 1, (date(2026, 1, 1), date(2026, 6, 30))),
        ("half_year", 2, (date(2026, 7, 1), date(2026, 12, 31))),
        ("year", 1, (date(2026, 1, 1), date(2026, 12, 31))),
    ],
)
def test_period_bounds(kind, n, bounds):
    assert period_bounds(kind, 2026, n) == bounds


def test_leap_february_closes_quarter_one():
    assert period_bounds("quarter", 2028, 1)[1] == date(2028, 3, 31)


@pytest.mark.parametrize(
    "kind, n", [("quarter", 5), ("half_year", 3), ("month", 13), ("week", 1)]
)
def test_wrong_periods_are_refused(kind, n):
    with pytest.raises(ValueError):
        period_bounds(kind, 2026, n)


def test_this_quarter():
    period = Period.this_quarter(AS_OF)

    assert (period.start, period.end, period.as_of) == (
        date(2026, 10, 1),
        date(2026, 12, 31),
        AS_OF,
    )


def test_a_range_that_is_a_known_period_gets_its_name():
    with translation.override("vi"):
        year = Period.from_range(date(2026, 1, 1), date(2026, 12, 31), as_of=AS_OF)
        half = Period.from_range(date(2026, 7, 1), date(2026, 12, 31), as_of=AS_OF)
        other = Period.from_range(date(2026, 3, 5), date(2026, 4, 5), as_of=AS_OF)

        assert (year.kind, half.kind, other.kind) == ("year", "half_year", "range")
        assert other.label in (
            "từ ngày 05/03/2026 đến ngày 05/04/2026",
            "from 05/03/2026 to 05/04/2026",
        )
    assert other.slug == "2026-03-05_2026-04-05"
