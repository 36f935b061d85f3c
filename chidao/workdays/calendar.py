"""Working-day calendar: Vietnamese public holidays plus admin-entered days.

Deadlines and the time limits of Article 7 are counted in working days:
Monday to Friday, minus public holidays (lunar ones included, from the
maintained `holidays` package, with the compensatory days off and the swapped
days it knows), minus the extra days off the government announces, plus the
make-up working days (often Saturdays) it announces. The announced days are data
(`DayOverride`), entered by an admin.

The arithmetic is pure: a `WorkCalendar` holds everything it needs and never
touches the database. `WorkCalendar.load()` builds one from the library and the
`DayOverride` table and caches it per process; `services.set_day_override` and
`services.remove_day_override` invalidate that cache, so a change made by an
admin is used at once.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

import holidays as holidays_lib
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

SATURDAY = 5
SUNDAY = 6
ONE_DAY = timedelta(days=1)

# The library names a swapped day off "Ngày nghỉ (thay cho ngày 26/04/2025)":
# the date in brackets is the Saturday worked in exchange.
_SWAP_RE = re.compile(r"thay cho ngày (\d{2})/(\d{2})/(\d{4})")

# Days with their reason, or a bare set of days (reason left empty).
DayNames = Mapping[date, str] | Iterable[date]


def _as_dict(days: DayNames | None) -> dict[date, str]:
    if days is None:
        return {}
    if isinstance(days, Mapping):
        return dict(days)
    return dict.fromkeys(days, "")


def _weekdays_upto(day: date) -> int:
    """Mondays to Fridays from 1/1/1 (a Monday) to `day` inclusive."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


class WorkCalendar:
    """Which days are working days, and why the others are not.

    `holidays=None` (the default) takes the public holidays and the make-up
    Saturdays from the `holidays` package, year by year as they are needed;
    pass a dict (even empty) to use exactly those holidays instead, e.g. in
    tests. `days_off` and `working_days` are the admin-entered days; they win
    over everything else (`working_days` first).
    """

    def __init__(
        self,
        *,
        holidays: DayNames | None = None,
        days_off: DayNames | None = None,
        working_days: DayNames | None = None,
    ) -> None:
        self._use_library = holidays is None
        self._holidays: dict[date, str] = _as_dict(holidays)
        self._library_working: dict[date, str] = {}
        self._years: set[int] = set()
        self._lock = threading.Lock()
        self.days_off: dict[date, str] = _as_dict(days_off)
        self.working_days: dict[date, str] = _as_dict(working_days)

    # -- construction -----------------------------------------------------

    @classmethod
    def load(cls) -> WorkCalendar:
        """The calendar in force: library holidays plus `DayOverride` rows.

        Cached per process; see `invalidate()`.
        """
        return _cache.get()

    @staticmethod
    def invalidate() -> None:
        """Forget the cached calendar."""
        _cache.invalidate()

    @staticmethod
    def changed() -> None:
        """Forget the cached calendar after a `DayOverride` change (services)."""
        _cache.changed()

    @classmethod
    def from_database(cls) -> WorkCalendar:
        """A fresh calendar from the library and the `DayOverride` table."""
        from .models import DayKind, DayOverride

        days_off: dict[date, str] = {}
        working: dict[date, str] = {}
        for day, kind, reason in DayOverride.objects.values_list(
            "day", "kind", "reason"
        ):
            if kind == DayKind.WORKING_DAY:
                working[day] = reason
            else:
                days_off[day] = reason
        return cls(days_off=days_off, working_days=working)

    # -- library ----------------------------------------------------------

    def _ensure_year(self, year: int) -> None:
        if not self._use_library or year in self._years:
            return
        with self._lock:
            if year in self._years:
                return
            lib = holidays_lib.country_holidays("VN", years=year, language="vi")
            for day, name in lib.items():
                self._holidays.setdefault(day, name)
                match = _SWAP_RE.search(name)
                if match:
                    worked = date(*(int(g) for g in reversed(match.groups())))
                    self._library_working[worked] = "Làm bù cho ngày " + (
                        day.strftime("%d/%m/%Y")
                    )
            for day in lib.weekend_workdays:
                self._library_working.setdefault(day, "Làm bù")
            self._years.add(year)

    # -- questions --------------------------------------------------------

    def holiday(self, day: date) -> str | None:
        """The public holiday's name on `day` (library or given), else None."""
        self._ensure_year(day.year)
        return self._holidays.get(day)

    def is_working_day(self, day: date) -> bool:
        if day in self.working_days:
            return True
        if day in self.days_off:
            return False
        self._ensure_year(day.year)
        if day in self._holidays:
            return False
        if day in self._library_working:
            return True
        return day.weekday() < SATURDAY

    def kind(self, day: date) -> str:
        """One of "working", "weekend", "holiday", "day_off", "make_up"."""
        self._ensure_year(day.year)
        if day in self.working_days:
            ordinary = day.weekday() < SATURDAY and day not in self._holidays
            return "working" if ordinary else "make_up"
        if day in self.days_off:
            return "day_off"
        if day in self._holidays:
            return "holiday"
        if day in self._library_working:
            return "make_up"
        return "weekend" if day.weekday() >= SATURDAY else "working"

    def reason(self, day: date) -> str:
        """Why `day` is special: holiday name, day off, make-up day, weekend.

        Empty for an ordinary working weekday.
        """
        if day in self.working_days:
            return self.working_days[day] or _("Make-up working day")
        if day in self.days_off:
            return self.days_off[day] or _("Day off")
        self._ensure_year(day.year)
        if day in self._holidays:
            return self._holidays[day] or _("Public holiday")
        if day in self._library_working:
            return self._library_working[day]
        if day.weekday() == SATURDAY:
            return pgettext("calendar", "Saturday")
        if day.weekday() == SUNDAY:
            return pgettext("calendar", "Sunday")
        return ""

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        day += ONE_DAY
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def previous_working_day(self, day: date) -> date:
        """The last working day strictly before `day`."""
        day -= ONE_DAY
        while not self.is_working_day(day):
            day -= ONE_DAY
        return day

    def count_working_days(self, start: date, end: date) -> int:
        """Working days in (start, end], end >= start, without walking each day.

        Mondays to Fridays are counted by arithmetic, then each special day
        (holiday, entered day, library make-up day) in the range corrects it.
        """
        for year in range(start.year, end.year + 1):
            self._ensure_year(year)
        count = _weekdays_upto(end) - _weekdays_upto(start)
        specials = (
            self.working_days.keys()
            | self.days_off.keys()
            | self._holidays.keys()
            | self._library_working.keys()
        )
        for day in specials:
            if start < day <= end:
                count += self.is_working_day(day) - (day.weekday() < SATURDAY)
        return count

    def days(self, start: date, end: date) -> list[tuple[date, bool, str]]:
        """`(day, working, reason)` for every day of [start, end]."""
        out = []
        # Counted, not stepped past `end`: the day after 31/12/9999 does not exist.
        for offset in range((end - start).days + 1):
            day = start + timedelta(days=offset)
            out.append((day, self.is_working_day(day), self.reason(day)))
        return out


def add_working_days(
    start: date, days: int, calendar: WorkCalendar | None = None
) -> date:
    """The day `days` working days after `start` (start itself not counted).

    `days=0` gives `start` unchanged; a negative count goes backwards.
    Example (2026): add_working_days(date(2026, 4, 24), 5) == date(2026, 5, 6).
    """
    cal = calendar or WorkCalendar.load()
    day = start
    if days >= 0:
        for _i in range(days):
            day = cal.next_working_day(day)
    else:
        for _i in range(-days):
            day = cal.previous_working_day(day)
    return day


def working_days_between(
    start: date, end: date, calendar: WorkCalendar | None = None
) -> int:
    """The number of working days in (start, end]; negative when end < start."""
    if end < start:
        return -working_days_between(end, start, calendar)
    cal = calendar or WorkCalendar.load()
    return cal.count_working_days(start, end)


def is_working_day(day: date, calendar: WorkCalendar | None = None) -> bool:
    return (calendar or WorkCalendar.load()).is_working_day(day)


class _CalendarCache:
    """One calendar per process, rebuilt after an invalidation.

    Invalidation is immediate in the process that changed a `DayOverride`.
    Other processes see the change through a version number kept in Django's
    cache (instant when the deployment configures a shared cache), and at the
    latest after `CALENDAR_CACHE_SECONDS` (default 60) otherwise. While the
    transaction that changed a day is open, its thread gets uncached calendars,
    so a rollback never leaves a phantom day in the cache.
    """

    VERSION_KEY = "workdays:calendar-version"

    def __init__(self) -> None:
        self._calendar: WorkCalendar | None = None
        self._version: object = None
        self._loaded_at = 0.0
        self._lock = threading.Lock()
        self._local = threading.local()

    def _shared_version(self) -> object:
        from django.core.cache import cache

        return cache.get(self.VERSION_KEY, 0)

    def _fresh(self) -> WorkCalendar:
        cal = WorkCalendar.from_database()
        # Library years already computed do not change: keep them.
        old = self._calendar
        if old is not None:
            cal._holidays.update(old._holidays)
            cal._library_working.update(old._library_working)
            cal._years.update(old._years)
        return cal

    def _pending_change(self) -> bool:
        """Whether this thread's open transaction changed a day."""
        from django.db import connection

        pending = getattr(self._local, "pending", None)
        if pending is None:
            return False
        if any(entry[1] is pending for entry in connection.run_on_commit):
            return True
        # Committed (the callback ran) or rolled back (it was dropped).
        self._local.pending = None
        self.invalidate()
        return False

    def get(self) -> WorkCalendar:
        from django.conf import settings

        if self._pending_change():
            return self._fresh()
        ttl = getattr(settings, "CALENDAR_CACHE_SECONDS", 60)
        version = self._shared_version()
        cal = self._calendar
        if (
            cal is not None
            and version == self._version
            and time.monotonic() - self._loaded_at < ttl
        ):
            return cal
        with self._lock:
            cal = self._fresh()
            self._calendar = cal
            self._version = version
            self._loaded_at = time.monotonic()
            return cal

    def changed(self) -> None:
        """A day changed in the current transaction."""
        from django.db import transaction

        self.invalidate()
        if transaction.get_connection().in_atomic_block:

            def committed() -> None:
                self._local.pending = None
                self.invalidate()

            self._local.pending = committed
            transaction.on_commit(committed)

    def invalidate(self) -> None:
        from django.core.cache import cache

        with self._lock:
            self._calendar = None
        try:
            cache.incr(self.VERSION_KEY)
        except ValueError:
            cache.set(self.VERSION_KEY, 1, None)


_cache = _CalendarCache()
