"""Reporting periods: quarter, half-year, year or any range (Art. 9.1, 10.3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

QUARTER = "quarter"
HALF_YEAR = "half_year"
YEAR = "year"
RANGE = "range"
KINDS = (QUARTER, HALF_YEAR, YEAR, RANGE)


def period_bounds(kind: str, year: int, n: int = 1) -> tuple[date, date]:
    """First and last day of quarter `n`, half-year `n` or the year `year`."""
    if kind == QUARTER:
        if not 1 <= n <= 4:
            raise ValueError(f"Quarter must be 1-4, not {n}.")
        first_month = 3 * (n - 1) + 1
    elif kind == HALF_YEAR:
        if not 1 <= n <= 2:
            raise ValueError(f"Half-year must be 1 or 2, not {n}.")
        first_month = 6 * (n - 1) + 1
    elif kind == YEAR:
        return date(year, 1, 1), date(year, 12, 31)
    else:
        raise ValueError(f"Unknown period kind {kind!r}.")
    months = 3 if kind == QUARTER else 6
    start = date(year, first_month, 1)
    after = first_month + months
    end = date(year, 12, 31) if after > 12 else date(year, after, 1) - timedelta(days=1)
    return start, end


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


@dataclass(frozen=True)
class Period:
    """A closed range of directive issue dates and the day the status is taken."""

    start: date
    end: date
    as_of: date
    kind: str = RANGE
    year: int | None = None
    n: int | None = None

    @classmethod
    def this_quarter(cls, today: date) -> Period:
        """The default of every report page: this quarter, as of today."""
        return cls.of(QUARTER, today.year, quarter_of(today), as_of=today)

    @classmethod
    def of(cls, kind: str, year: int, n: int = 1, *, as_of: date) -> Period:
        start, end = period_bounds(kind, year, n)
        return cls(start, end, as_of, kind, year, n if kind != YEAR else None)

    @classmethod
    def from_range(cls, start: date, end: date, *, as_of: date) -> Period:
        """The range, named as a quarter, half-year or year when it is one."""
        for kind, count in ((QUARTER, 4), (HALF_YEAR, 2), (YEAR, 1)):
            for n in range(1, count + 1):
                if period_bounds(kind, start.year, n) == (start, end):
                    return cls.of(kind, start.year, n, as_of=as_of)
        return cls(start, end, as_of)

    @property
    def label(self) -> str:
        """The period as the report's subject line names it."""
        if self.kind == QUARTER:
            return _("Quarter %(n)s of %(year)s") % {
                "n": ("I", "II", "III", "IV")[self.n - 1],
                "year": self.year,
            }
        if self.kind == HALF_YEAR:
            if self.n == 1:
                return _("First half of %(year)s") % {"year": self.year}
            return _("Second half of %(year)s") % {"year": self.year}
        if self.kind == YEAR:
            return _("Year %(year)s") % {"year": self.year}
        return _("from %(start)s to %(end)s") % {
            "start": self.start.strftime("%d/%m/%Y"),
            "end": self.end.strftime("%d/%m/%Y"),
        }

    @property
    def slug(self) -> str:
        """ASCII part of a file name: 2026-10-01_2026-12-31."""
        return f"{self.start.isoformat()}_{self.end.isoformat()}"
