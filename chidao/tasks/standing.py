"""The standing of a task as of a day: every status and clock of Art. 5.1g and 7.

This module is the only one that decides whether a task is overdue, due soon,
late to be handed over or late to report. Each rule is written twice, side by
side: as a database expression over the task's history row valid on the day
(`with_standing`, for lists, queues, counts and reports) and as a plain
function (for the one task a page shows); `tests/test_standing.py` checks that
the two agree. Nothing here reads the clock: the day is always given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    Q,
    TextChoices,
    Value,
    When,
)
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from chidao.lib.periods import QUARTER
from chidao.workdays.calendar import (
    WorkCalendar,
    add_working_days,
    working_days_between,
)

# UI.md "Sắp đến hạn": a deadline within this many working days.
DUE_SOON_WORKING_DAYS = 3
# Art. 7.2a: agencies record results within 5 working days after the deadline.
REPORT_DAYS_AFTER_DEADLINE = 5
# Art. 7.2b: the same allowance after the end of each reporting period.
REPORT_DAYS_AFTER_PERIOD = 5
# Art. 7.2b: a task without a deadline and without a period reports quarterly.
DEFAULT_PERIOD = QUARTER


class ReportStatus(TextChoices):
    """The values of `report_status` (API.md), as of a day, never stored."""

    DONE_ON_TIME = "done_on_time", pgettext_lazy("report status", "Done on time")
    DONE_LATE = "done_late", pgettext_lazy("report status", "Done late")
    # Reported done, waiting for the Office's confirmation (Art. 8.2).
    AWAITING_CONFIRMATION = (
        "awaiting_confirmation",
        pgettext_lazy("report status", "Reported done, awaiting confirmation"),
    )
    AWAITING_CONFIRMATION_LATE = (
        "awaiting_confirmation_late",
        pgettext_lazy("report status", "Reported done late, awaiting confirmation"),
    )
    ON_TRACK = "on_track", pgettext_lazy("report status", "On track")
    OVERDUE = "overdue", pgettext_lazy("report status", "Overdue")
    # Art. 5.1g "chưa thực hiện": handed over, not yet accepted.
    NOT_STARTED = (
        "not_started",
        pgettext_lazy("report status", "Not started, within deadline"),
    )
    NOT_STARTED_OVERDUE = (
        "not_started_overdue",
        pgettext_lazy("report status", "Not started, overdue"),
    )
    DONE_NO_DEADLINE = (
        "done_no_deadline",
        pgettext_lazy("report status", "Done (no deadline)"),
    )
    ONGOING_NO_DEADLINE = (
        "ongoing_no_deadline",
        pgettext_lazy("report status", "In progress (no deadline)"),
    )


S = ReportStatus
# What the Office has handed over and not cancelled: the tasks reports count.
COUNTED_STATES = ("handed_over", "accepted", "reported_done", "confirmed_done")
# The states in which a task can be overdue (OPEN_OVERDUE below).
OVERDUE_STATES = ("handed_over", "accepted")
DONE = (S.DONE_ON_TIME, S.DONE_LATE, S.DONE_NO_DEADLINE)
AWAITING = (S.AWAITING_CONFIRMATION, S.AWAITING_CONFIRMATION_LATE)
# Open and past the deadline: what the overdue queues and reminders show.
OPEN_OVERDUE = (S.OVERDUE, S.NOT_STARTED_OVERDUE)
# Still within the deadline: what "due soon" is taken from.
WITHIN_DEADLINE = (S.ON_TRACK, S.NOT_STARTED)
# Due by the day, so in the on-time rate: done (on time or late), finished
# late, or open past the deadline. An agency is never counted late for the
# Office's delay in confirming a completion reported in time.
RATED = (S.DONE_ON_TIME, S.DONE_LATE, S.AWAITING_CONFIRMATION_LATE, *OPEN_OVERDUE)


# -- the status, twice ---------------------------------------------------------


def status_expression(as_of: date, prefix: str = "h__") -> Case:
    """`report_status` as of `as_of` from the history fields under `prefix`."""

    def f(name: str) -> F:
        return F(prefix + name)

    def q(**lookups: object) -> Q:
        return Q(**{prefix + k: v for k, v in lookups.items()})

    no_deadline = q(deadline__isnull=True)
    # Finished by the deadline in force: the reported completion date, or the
    # confirmation day when no completion date was given.
    in_time = q(completed_on__lte=f("deadline")) | (
        q(completed_on__isnull=True) & q(confirmed_on__lte=f("deadline"))
    )
    return Case(
        When(~q(state__in=COUNTED_STATES) | q(state__isnull=True), then=Value(None)),
        When(q(state="confirmed_done") & no_deadline, then=Value(S.DONE_NO_DEADLINE)),
        When(q(state="confirmed_done") & in_time, then=Value(S.DONE_ON_TIME)),
        When(q(state="confirmed_done"), then=Value(S.DONE_LATE)),
        When(
            q(state="reported_done") & (no_deadline | in_time),
            then=Value(S.AWAITING_CONFIRMATION),
        ),
        When(q(state="reported_done"), then=Value(S.AWAITING_CONFIRMATION_LATE)),
        When(no_deadline, then=Value(S.ONGOING_NO_DEADLINE)),
        When(
            q(state="handed_over") & q(deadline__lt=as_of),
            then=Value(S.NOT_STARTED_OVERDUE),
        ),
        When(q(state="handed_over"), then=Value(S.NOT_STARTED)),
        When(q(deadline__lt=as_of), then=Value(S.OVERDUE)),
        default=Value(S.ON_TRACK),
        output_field=CharField(null=True),
    )


def status_of(
    state: str | None,
    deadline: date | None,
    completed_on: date | None,
    confirmed_on: date | None,
    as_of: date,
) -> str | None:
    """The same rule as `status_expression`, for one task in Python."""
    if state not in COUNTED_STATES:
        return None
    finished_on = completed_on or confirmed_on
    in_time = (
        deadline is not None and finished_on is not None and finished_on <= deadline
    )
    if state == "confirmed_done":
        if deadline is None:
            return S.DONE_NO_DEADLINE
        return S.DONE_ON_TIME if in_time else S.DONE_LATE
    if state == "reported_done":
        if deadline is None or in_time:
            return S.AWAITING_CONFIRMATION
        return S.AWAITING_CONFIRMATION_LATE
    if deadline is None:
        return S.ONGOING_NO_DEADLINE
    if state == "handed_over":
        return S.NOT_STARTED_OVERDUE if deadline < as_of else S.NOT_STARTED
    return S.OVERDUE if deadline < as_of else S.ON_TRACK


def within_original_q(prefix: str = "h__") -> Q:
    """Art. 10.4: done on time within the deadline first set, not only the
    extended one (on a queryset annotated by `with_standing`)."""

    def q(**lookups: object) -> Q:
        return Q(**{prefix + k: v for k, v in lookups.items()})

    return Q(report_status=S.DONE_ON_TIME) & (
        q(original_deadline__isnull=True)
        | q(completed_on__lte=F(prefix + "original_deadline"))
        | q(
            completed_on__isnull=True, confirmed_on__lte=F(prefix + "original_deadline")
        )
    )


def is_within_original(
    status: str | None,
    original_deadline: date | None,
    completed_on: date | None,
    confirmed_on: date | None,
) -> bool:
    """The same rule as `within_original_q`, for one task in Python."""
    if status != S.DONE_ON_TIME:
        return False
    if original_deadline is None:
        return True
    if completed_on is not None:
        return completed_on <= original_deadline
    return confirmed_on is not None and confirmed_on <= original_deadline


# Art. 5.1g's words, for tables: each group and its statuses with short names.
STATUS_GROUPS: list[tuple[object, list[tuple[str, object]]]] = [
    (
        pgettext_lazy("status group", "Done"),
        [
            (S.DONE_ON_TIME, pgettext_lazy("status short", "On time")),
            (S.DONE_LATE, pgettext_lazy("status short", "Late")),
        ],
    ),
    (
        pgettext_lazy("status group", "Reported done, awaiting confirmation"),
        [
            (S.AWAITING_CONFIRMATION, pgettext_lazy("status short", "On time")),
            (S.AWAITING_CONFIRMATION_LATE, pgettext_lazy("status short", "Late")),
        ],
    ),
    (
        pgettext_lazy("status group", "In progress"),
        [
            (S.ON_TRACK, pgettext_lazy("status short", "Within deadline")),
            (S.OVERDUE, pgettext_lazy("status short", "Overdue")),
        ],
    ),
    (
        pgettext_lazy("status group", "Not started"),
        [
            (S.NOT_STARTED, pgettext_lazy("status short", "Within deadline")),
            (S.NOT_STARTED_OVERDUE, pgettext_lazy("status short", "Overdue")),
        ],
    ),
    (
        pgettext_lazy("status group", "No deadline"),
        [
            (S.DONE_NO_DEADLINE, pgettext_lazy("status short", "Done")),
            (S.ONGOING_NO_DEADLINE, pgettext_lazy("status short", "In progress")),
        ],
    ),
]


def on_time_rate(counts: dict[str, int]) -> float | None:
    """Done on time ÷ every task due by the day; None when nothing is due yet."""
    due = sum(counts.get(s, 0) for s in RATED)
    return counts.get(S.DONE_ON_TIME, 0) / due if due else None


# -- the clocks of Art. 7 ------------------------------------------------------


def due_soon_until(as_of: date, calendar: WorkCalendar | None = None) -> date:
    """The last deadline that is "due soon" as of `as_of` (UI.md)."""
    try:
        return add_working_days(as_of, DUE_SOON_WORKING_DAYS, calendar)
    except OverflowError:  # `as_of` at the very end of the calendar
        return date.max


def is_due_soon(
    status: str | None, deadline: date | None, as_of: date, until: date
) -> bool:
    """Within its deadline, which falls between `as_of` and `until`."""
    return (
        status in WITHIN_DEADLINE
        and deadline is not None
        and as_of <= deadline <= until
    )


def overdue_q(as_of: date, prefix: str = "h__") -> Q:
    """`status_expression` in OPEN_OVERDUE, written on the columns alone so an
    index on (state, deadline) serves it: an open state past the deadline."""
    return Q(**{f"{prefix}state__in": OVERDUE_STATES, f"{prefix}deadline__lt": as_of})


def due_soon_q(as_of: date, until: date, prefix: str = "h__") -> Q:
    """`is_due_soon` as a filter on the columns under `prefix`: an open state
    (the statuses WITHIN_DEADLINE) and a deadline from `as_of` to `until`."""
    return Q(
        **{
            f"{prefix}state__in": OVERDUE_STATES,
            f"{prefix}deadline__gte": as_of,
            f"{prefix}deadline__lte": until,
        }
    )


def list_status_q(
    status: str, as_of: date, calendar: WorkCalendar | None, prefix: str = "h__"
) -> Q:
    """The task list's "status" filter on the columns under `prefix`: a report
    status (on the `report_status` annotation), or "overdue_open" and
    "due_soon" written on the columns so that an index serves them."""
    if status == "overdue_open":
        return overdue_q(as_of, prefix)
    if status == "due_soon":
        return due_soon_q(as_of, due_soon_until(as_of, calendar), prefix)
    return Q(report_status=status)


def awaiting_q(prefix: str = "h__") -> Q:
    """The statuses AWAITING on the columns alone: reported done (in time or
    not), not yet confirmed (Art. 8.2)."""
    return Q(**{f"{prefix}state": "reported_done"})


def report_due_for(deadline: date | None, calendar: WorkCalendar | None) -> date | None:
    """Art. 7.2a: the last day to record results, 5 working days after `deadline`."""
    if deadline is None:
        return None
    return add_working_days(deadline, REPORT_DAYS_AFTER_DEADLINE, calendar)


def report_filed_q(
    report_model: type, as_of: date, prefix: str = "h__", task: str = "pk"
) -> Exists:
    """A progress report filed by the Art. 7.2a limit (and by `as_of`); `task`
    names the outer task id (`task_id` on reach rows)."""
    return Exists(
        report_model.objects.filter(
            task=OuterRef(task),
            filed_on__lte=OuterRef(f"{prefix}report_due"),
        ).filter(filed_on__lte=as_of)
    )


def is_report_late(
    report_due: date | None, status: str | None, filed_by_due: bool, as_of: date
) -> bool:
    """Art. 7.2a: the limit passed with no report filed by it."""
    return (
        report_due is not None
        and status is not None
        and report_due < as_of
        and not filed_by_due
    )


def report_late_q(report_model: type, as_of: date, prefix: str = "h__") -> Q:
    """`is_report_late` as a filter on a queryset annotated by `with_standing`."""
    return (
        Q(report_status__isnull=False)
        & Q(**{f"{prefix}report_due__lt": as_of})
        & ~report_filed_q(report_model, as_of, prefix)
    )


HANDOVER_STATUSES = {
    "on_time": pgettext_lazy("hand-over status", "Handed over within the limit"),
    "late": pgettext_lazy("hand-over status", "Handed over late"),
    "pending_late": pgettext_lazy("hand-over status", "Not handed over, limit passed"),
    "pending": pgettext_lazy("hand-over status", "Not handed over, within the limit"),
}


def handover_expression(as_of: date, prefix: str = "h__") -> Case:
    """Art. 7.1 as of `as_of`: handed over by the limit, late, or still pending.

    The limit is the directive's; sub-tasks (no Art. 7.1 limit) and tasks not
    yet recorded or cancelled on the day get None.
    """
    state = f"{prefix}state"
    handed = ~Q(**{state: "draft"}) & Q(**{f"{prefix}handed_over_on__isnull": False})
    return Case(
        When(
            Q(parent__isnull=False)
            | Q(**{f"{state}__isnull": True})
            | Q(**{state: "cancelled"}),
            then=Value(None),
        ),
        When(
            handed
            & Q(**{f"{prefix}handed_over_on__gt": F("directive__handover_due_on")}),
            then=Value("late"),
        ),
        When(handed, then=Value("on_time")),
        When(directive__handover_due_on__lt=as_of, then=Value("pending_late")),
        default=Value("pending"),
        output_field=CharField(null=True),
    )


def handover_status_of(
    state: str | None,
    handed_over_on: date | None,
    due: date | None,
    as_of: date,
    *,
    is_subtask: bool,
) -> str | None:
    """The same rule as `handover_expression`, for one task in Python."""
    if is_subtask or state is None or state == "cancelled" or due is None:
        return None
    if state != "draft" and handed_over_on is not None:
        return "late" if handed_over_on > due else "on_time"
    return "pending_late" if due < as_of else "pending"


# -- what a page shows beside one task ----------------------------------------


@dataclass(frozen=True)
class TaskDates:
    """The time limits of one task as of a day, with their late flags."""

    as_of: date
    status: str | None
    deadline: date | None
    # Working days from `as_of` to the deadline: positive left, negative late.
    days_left: int | None
    due_soon: bool
    handover_due: date | None
    handover_status: str | None
    report_due: date | None
    report_late: bool
    completed_on: date | None = None
    next_period_due: date | None = None

    @property
    def handover_late(self) -> bool:
        return self.handover_status in ("late", "pending_late")

    @property
    def is_overdue(self) -> bool:
        return self.status in OPEN_OVERDUE

    @cached_property
    def deadline_text(self) -> str:
        """ "còn 3 ngày làm việc" / "quá hạn 5 ngày làm việc" (UI.md); read
        twice by a list row, and each ngettext costs ~0.1 ms."""
        if self.status in AWAITING or self.status in DONE:
            if self.completed_on is None:
                return ""
            return _("completed on %(day)s") % {
                "day": self.completed_on.strftime("%d/%m/%Y")
            }
        if self.days_left is None:
            return ""
        if self.days_left > 0:
            return ngettext(
                "%(n)d working day left", "%(n)d working days left", self.days_left
            ) % {"n": self.days_left}
        if self.days_left == 0:
            if self.deadline == self.as_of:
                return _("due today")
            return ngettext("%(n)d working day left", "%(n)d working days left", 0) % {
                "n": 0
            }
        late = -self.days_left
        return ngettext(
            "%(n)d working day overdue", "%(n)d working days overdue", late
        ) % {"n": late}


def days_left(
    status: str | None,
    deadline: date | None,
    as_of: date,
    calendar: WorkCalendar | None,
) -> int | None:
    """Working days to the deadline of an open task; negative once it passed."""
    if deadline is None or status not in (*WITHIN_DEADLINE, *OPEN_OVERDUE):
        return None
    left = working_days_between(as_of, deadline, calendar)
    if deadline < as_of:
        # Past a Friday deadline on Saturday: no working day passed, yet late.
        left = min(left, -1)
    return left


def dates_of(
    *,
    state: str | None,
    deadline: date | None,
    as_of: date,
    calendar: WorkCalendar | None = None,
    completed_on: date | None = None,
    confirmed_on: date | None = None,
    report_due: date | None = None,
    filed_by_report_due: bool = False,
    handed_over_on: date | None = None,
    handover_due: date | None = None,
    is_subtask: bool = False,
    next_period_due: date | None = None,
    until: date | None = None,
) -> TaskDates:
    """Every clock of one task as of `as_of`, from its values on that day."""
    status = status_of(state, deadline, completed_on, confirmed_on, as_of)
    if until is None:
        until = due_soon_until(as_of, calendar)
    return TaskDates(
        as_of=as_of,
        status=status,
        deadline=deadline,
        days_left=days_left(status, deadline, as_of, calendar),
        due_soon=is_due_soon(status, deadline, as_of, until),
        handover_due=None if is_subtask else handover_due,
        handover_status=handover_status_of(
            state, handed_over_on, handover_due, as_of, is_subtask=is_subtask
        ),
        report_due=report_due,
        report_late=is_report_late(report_due, status, filed_by_report_due, as_of),
        completed_on=completed_on,
        next_period_due=next_period_due,
    )
