"""Art. 7.2b: tasks without a deadline update their status every period.

Every such task (Art. 4.2a and 4.2b alike) has one `PeriodicUpdate` row per
quarter (or its own period) from the day it was handed over. A period's update
is due 5 working days after the period ends; a progress report filed after the
previous period's due day and by this one's counts for it, on time. A period
whose due day passed with no such report is late once a report comes, and
missed until then. Whether a report was filed is read from the reports, as of
any day, so the rows themselves never change once written.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from chidao.lib.periods import period_bounds, period_index
from chidao.workdays.calendar import WorkCalendar, add_working_days

from .models import PeriodicUpdate, ProgressReport, Task
from .standing import DEFAULT_PERIOD, REPORT_DAYS_AFTER_PERIOD

NO_DEADLINE_KINDS = (Task.Kind.PERIODIC_REPORT, Task.Kind.NO_REPORT)


def period_of(task: Task) -> str | None:
    """The task's reporting period; None when it has a deadline (Art. 7.2a)."""
    if task.kind not in NO_DEADLINE_KINDS:
        return None
    return task.period or DEFAULT_PERIOD


def ensure_updates(
    task: Task, *, until: date, calendar: WorkCalendar | None = None
) -> int:
    """Create the task's period rows up to the period that holds `until`.

    Starts from the day it was handed over (or after its last row); returns how
    many rows were added. Does nothing for tasks with a deadline.
    """
    kind = period_of(task)
    if kind is None or task.handed_over_at is None:
        return 0
    last = task.periodic_updates.order_by("-starts_on").first()
    if last is None:
        start = timezone.localdate(task.handed_over_at)
        opens_after = start - timedelta(days=1)
    else:
        start = last.ends_on + timedelta(days=1)
        opens_after = last.due_on
    rows = []
    while start <= until:
        first, end = period_bounds(kind, start.year, period_index(kind, start))
        due = add_working_days(end, REPORT_DAYS_AFTER_PERIOD, calendar)
        rows.append(
            PeriodicUpdate(
                task=task,
                period=kind,
                starts_on=start,
                ends_on=end,
                opens_after=opens_after,
                due_on=due,
            )
        )
        start, opens_after = end + timedelta(days=1), due
    PeriodicUpdate.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def open_periods(today: date, calendar: WorkCalendar | None = None) -> int:
    """Daily: add the period rows that today begins, for every open task."""
    calendar = calendar or WorkCalendar.load()
    tasks = (
        Task.objects.open()
        .filter(kind__in=NO_DEADLINE_KINDS, handed_over_at__isnull=False)
        .exclude(state__in=[Task.State.DRAFT, Task.State.RETURNED])
        .exclude(periodic_updates__ends_on__gte=today)
    )
    return sum(ensure_updates(task, until=today, calendar=calendar) for task in tasks)


def drop_after(task: Task, day: date) -> None:
    """A cancelled task owes no update whose due day is still to come."""
    task.periodic_updates.filter(due_on__gte=day).delete()


def _reports(as_of: date) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(task=OuterRef("task_id"), filed_on__lte=as_of)


def with_outcome(updates: QuerySet[PeriodicUpdate], as_of: date) -> QuerySet:
    """Annotate `outcome` as of `as_of`: on_time, late, missed, or pending (the
    update is not due yet, or the period has not begun)."""
    on_time = Exists(
        _reports(as_of).filter(
            filed_on__gt=OuterRef("opens_after"), filed_on__lte=OuterRef("due_on")
        )
    )
    late = Exists(_reports(as_of).filter(filed_on__gt=OuterRef("due_on")))
    return updates.annotate(
        outcome=Case(
            When(starts_on__gt=as_of, then=Value("pending")),
            When(on_time, then=Value("on_time")),
            When(due_on__gte=as_of, then=Value("pending")),
            When(late, then=Value("late")),
            default=Value("missed"),
            output_field=CharField(),
        )
    )


OUTCOMES = ("on_time", "late", "missed")


def pending_q(as_of: date, task: str = "pk") -> Q:
    """Tasks whose current period's update is open and not filed yet (`task`:
    the outer task id, `task_id` on reach rows)."""
    window = PeriodicUpdate.objects.filter(
        task=OuterRef(task), opens_after__lt=as_of, due_on__gte=as_of
    )
    filed = ProgressReport.objects.filter(
        task=OuterRef("task_id"),
        filed_on__gt=OuterRef("opens_after"),
        filed_on__lte=as_of,
    )
    return Q(Exists(window.filter(~Exists(filed))))


def next_due(task_ids: Iterable[int], as_of: date) -> dict[int, date]:
    """The next update due day of each task, for the list pages."""
    found: dict[int, date] = {}
    for task_id, due in (
        PeriodicUpdate.objects.filter(task_id__in=list(task_ids), due_on__gte=as_of)
        .order_by("task_id", "due_on")
        .values_list("task_id", "due_on")
    ):
        found.setdefault(task_id, due)
    return found
