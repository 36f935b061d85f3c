"""Calendar periods of the reporting regime: month, quarter, half-year, year."""

from datetime import date, timedelta

MONTH = "month"
QUARTER = "quarter"
HALF_YEAR = "half_year"
YEAR = "year"

_MONTHS = {MONTH: 1, QUARTER: 3, HALF_YEAR: 6, YEAR: 12}


def period_index(kind: str, day: date) -> int:
    """Which month (1-12), quarter (1-4), half-year (1-2) or year (1) `day` is in."""
    if kind not in _MONTHS:
        raise ValueError(f"Unknown period kind {kind!r}.")
    return (day.month - 1) // _MONTHS[kind] + 1


def period_bounds(kind: str, year: int, n: int = 1) -> tuple[date, date]:
    """First and last day of month, quarter or half-year `n`, or the year `year`."""
    if kind not in _MONTHS:
        raise ValueError(f"Unknown period kind {kind!r}.")
    months = _MONTHS[kind]
    if not 1 <= n <= 12 // months:
        raise ValueError(f"There is no {kind} number {n}.")
    first_month = months * (n - 1) + 1
    after = first_month + months
    end = date(year, 12, 31) if after > 12 else date(year, after, 1) - timedelta(days=1)
    return date(year, first_month, 1), end


def period_end(kind: str, day: date) -> date:
    """Last day of the quarter, half-year or year that contains `day`."""
    return period_bounds(kind, day.year, period_index(kind, day))[1]


def period_start(kind: str, day: date) -> date:
    """First day of the month, quarter, half-year or year that contains `day`."""
    return period_bounds(kind, day.year, period_index(kind, day))[0]
