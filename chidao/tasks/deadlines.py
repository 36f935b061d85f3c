"""The time limits of Article 7 as shown beside each task: pure date arithmetic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chidao.lib.periods import period_end
from chidao.workdays.calendar import WorkCalendar, working_days_between

if TYPE_CHECKING:
    from .models import Task

DUE_SOON_WORKING_DAYS = 3


def next_period_report_due(period: str, as_of: date) -> date:
    """Art. 7.2b: the end of the current quarter, half-year or year."""
    return period_end(period, as_of)


def _local_date(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


@dataclass(frozen=True)
class TaskDates:
    """What a page shows about a task's time limits, as of one day."""

    deadline: date | None
    # Working days from today to the deadline: positive left, negative overdue.
    days_left: int | None
    due_soon: bool
    handover_due: date | None
    handover_late: bool
    report_due: date | None
    report_late: bool
    next_period_due: date | None
    as_of: date | None = None

    @property
    def deadline_text(self) -> str:
        """ "còn 3 ngày làm việc" / "quá hạn 5 ngày làm việc" (UI.md)."""
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

    @property
    def is_overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0


def task_dates(
    task: Task,
    today: date,
    calendar: WorkCalendar | None = None,
    *,
    done_reported_at: datetime | None = None,
) -> TaskDates:
    """Art. 7 dates of `task` as of `today`, with their late flags.

    `done_reported_at` is when the completion report came in; pass it (e.g. from
    an annotation) to avoid a query per task on lists.
    """
    finished = task.state in ("reported_done", "confirmed_done", "cancelled")
    days_left = None
    if task.deadline is not None and not finished:
        days_left = working_days_between(today, task.deadline, calendar)
        if task.deadline < today:
            # Past a Friday deadline on Saturday: no working day passed, yet late.
            days_left = min(days_left, -1)
    handover_due = None if task.parent_id else task.directive.handover_due_on
    handed_over_on = _local_date(task.handed_over_at)
    handover_late = handover_due is not None and (
        (handed_over_on is not None and handed_over_on > handover_due)
        or (handed_over_on is None and today > handover_due)
    )
    reported_on = _local_date(done_reported_at)
    report_late = task.report_due is not None and (
        (reported_on is not None and reported_on > task.report_due)
        or (reported_on is None and not finished and today > task.report_due)
    )
    next_period_due = None
    if task.period and not finished:
        next_period_due = next_period_report_due(task.period, today)
    due_soon = days_left is not None and 0 <= days_left <= DUE_SOON_WORKING_DAYS
    return TaskDates(
        deadline=task.deadline,
        days_left=days_left,
        due_soon=due_soon,
        handover_due=handover_due,
        handover_late=handover_late,
        report_due=task.report_due,
        report_late=report_late,
        next_period_due=next_period_due,
        as_of=today,
    )
