"""Reporting periods: quarter, half-year, year or any range (Art. 9.1, 10.3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from chidao.lib.periods import (
    HALF_YEAR,
    MONTH,
    QUARTER,
    YEAR,
    period_bounds,
    period_index,
)

RANGE = "range"
KINDS = (QUARTER, HALF_YEAR, YEAR, RANGE)
__all__ = [
    "HALF_YEAR",
    "KINDS",
    "QUARTER",
    "RANGE",
    "YEAR",
    "Period",
    "period_bounds",
    "quarter_of",
]


def quarter_of(day: date) -> int:
    return period_index(QUARTER, day)


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
        if self.kind == MONTH:
            return _("Month %(n)s of %(year)s") % {"n": self.n, "year": self.year}
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
