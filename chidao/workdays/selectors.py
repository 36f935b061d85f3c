"""Read models for the year view."""

from calendar import Calendar
from dataclasses import dataclass
from datetime import date

from .calendar import WorkCalendar
from .models import DayOverride


@dataclass(frozen=True)
class Cell:
    day: date
    in_month: bool
    kind: str  # working, weekend, holiday, day_off, make_up
    reason: str
    is_today: bool


@dataclass(frozen=True)
class Month:
    number: int
    weeks: list[list[Cell]]


@dataclass(frozen=True)
class SpecialDay:
    day: date
    kind: str
    reason: str
    override: DayOverride | None


def year_months(year: int, cal: WorkCalendar, *, today: date) -> list[Month]:
    """Twelve month grids, weeks from Monday, with each day's kind and reason."""
    grid = Calendar(firstweekday=0)
    months = []
    for number in range(1, 13):
        weeks = [
            [
                Cell(
                    day=day,
                    in_month=day.month == number,
                    kind=cal.kind(day),
                    reason=cal.reason(day),
                    is_today=day == today,
                )
                for day in week
            ]
            for week in grid.monthdatescalendar(year, number)
        ]
        months.append(Month(number=number, weeks=weeks))
    return months


def special_days(year: int, cal: WorkCalendar) -> list[SpecialDay]:
    """Weekdays off and weekend days worked in `year`, with entered rows."""
    overrides = {
        o.day: o
        for o in DayOverride.objects.filter(day__year=year).select_related("created_by")
    }
    out = []
    for day, _working, reason in cal.days(date(year, 1, 1), date(year, 12, 31)):
        kind = cal.kind(day)
        if kind in ("working", "weekend") and day not in overrides:
            continue
        out.append(SpecialDay(day, kind, reason, overrides.get(day)))
    return out
