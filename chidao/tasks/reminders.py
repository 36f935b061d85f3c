"""Reminders (đôn đốc, nhắc việc): which notices are due today, and to whom.

Run once per working day by `jobs.send_reminders`. Every notice carries a key,
so running twice on the same day, or on two workers, notifies nobody twice.
A bounded number of queries serves any number of tasks: rows are loaded in a
few queries and recipients grouped in Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chidao.accounts.models import User
from chidao.directives.models import Directive
from chidao.notifications.services import deliver, written_for
from chidao.workdays.calendar import (
    WorkCalendar,
    add_working_days,
    working_days_between,
)

from . import periodic, standing
from .models import PeriodicUpdate, ProgressReport, Task
from .recipients import Audience, Directory, office_leads

# Overdue reminders repeat every this many working days (about weekly).
OVERDUE_REPEAT_DAYS = 5


@dataclass
class ReminderRun:
    """What one run found and how many notices were new."""

    day: date
    working_day: bool = True
    due_soon: int = 0
    due_today: int = 0
    overdue: int = 0
    period_due: int = 0
    period_missed: int = 0
    late_handovers: int = 0
    late_reports: int = 0
    notified: int = 0

    def as_dict(self) -> dict:
        return {
            "date": self.day.isoformat(),
            "working_day": self.working_day,
            "due_soon": self.due_soon,
            "due_today": self.due_today,
            "overdue": self.overdue,
            "period_due": self.period_due,
            "period_missed": self.period_missed,
            "late_handovers": self.late_handovers,
            "late_reports": self.late_reports,
            "notified": self.notified,
        }


def days_before_setting() -> list[int]:
    """`REMINDER_DAYS_BEFORE`, positive and ascending, e.g. [1, 3]."""
    return sorted(
        {n for n in getattr(settings, "REMINDER_DAYS_BEFORE", [3, 1]) if n > 0}
    )


def send_reminders(
    today: date, *, force: bool = False, calendar: WorkCalendar | None = None
) -> ReminderRun:
    """Notify what is due soon, due today, overdue or late, as of `today`.

    Nothing is sent on a non-working day unless `force` is set.
    """
    cal = calendar or WorkCalendar.load()
    run = ReminderRun(day=today)
    if not force and not cal.is_working_day(today):
        run.working_day = False
        return run
    periodic.open_periods(today, cal)
    people = _People()
    _deadline_reminders(run, today, cal, people)
    _period_reminders(run, today, cal, people)
    _late_reports(run, today, people)
    _late_handovers(run, today, people)
    people.directory.load()
    notices = [
        notice
        for recipients, render, url, key in people.pending
        for notice in written_for(recipients(), render, url=url, key=key)
    ]
    run.notified = deliver(notices)
    return run


Recipients = Callable[[], list[User]]
# A notice's (title, body), rendered in each recipient's language.
Render = Callable[[], tuple[str, str]]


class _People:
    """Notices to send, with recipients loaded in a few queries at the end."""

    def __init__(self) -> None:
        self.directory = Directory()
        self.pending: list[tuple[Recipients, Render, str, str]] = []

    def add(self, recipients: Recipients, render: Render, url: str, key: str) -> None:
        self.pending.append((recipients, render, url, key))

    def workers(self, task: Task) -> Recipients:
        return self.directory.of(task, Audience.WORKERS)

    def office(self, task: Task) -> Recipients:
        return self.directory.of(task, Audience.TRACKERS)


def _task_url(task: Task) -> str:
    return task.get_absolute_url()


def _directive_url(directive: Directive) -> str:
    try:
        return reverse("directives:detail", args=[directive.pk])
    except NoReverseMatch:
        return ""


def _label(task: Task) -> str:
    return Truncator(task.content).chars(90)


def _d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _working_tasks(today: date) -> QuerySet[Task]:
    """Tasks an agency is working on as of `today` (handed over or accepted)."""
    return (
        Task.objects.with_standing(today)
        .filter(report_status__in=(*standing.WITHIN_DEADLINE, *standing.OPEN_OVERDUE))
        .select_related("directive", "lead_agency", "tracking_officer", "parent")
    )


def _about(task: Task, **more: str) -> dict[str, str]:
    return {"task": _label(task), "number": task.directive.number, **more}


def _deadline_reminders(
    run: ReminderRun, today: date, cal: WorkCalendar, people: _People
) -> None:
    """Due in N working days, due today, and overdue (then every 5 days)."""
    before = days_before_setting()
    horizon = add_working_days(today, before[-1], cal) if before else today
    for task in _working_tasks(today).filter(deadline__lte=horizon):
        left = working_days_between(today, task.deadline, cal)
        about = _about(task, deadline=_d(task.deadline))
        if task.report_status in standing.WITHIN_DEADLINE and left > 0:
            bucket = next((n for n in before if n >= left), None)
            if bucket is None:
                continue
            run.due_soon += 1

            def render(about: dict = about, left: int = left) -> tuple[str, str]:
                return _("Due soon: %(task)s") % about, ngettext(
                    "Task “%(task)s” (directive %(number)s) is due on %(deadline)s, "
                    "in %(n)d working day.",
                    "Task “%(task)s” (directive %(number)s) is due on %(deadline)s, "
                    "in %(n)d working days.",
                    left,
                ) % {**about, "n": left}

            key = f"remind:{task.pk}:before{bucket}:{task.deadline.isoformat()}"
        elif task.report_status in standing.WITHIN_DEADLINE:
            run.due_today += 1

            def render(about: dict = about) -> tuple[str, str]:
                return _("Due today: %(task)s") % about, _(
                    "Task “%(task)s” (directive %(number)s) is due on %(deadline)s. "
                    "Report the result within 5 working days after the deadline."
                ) % about

            key = f"remind:{task.pk}:today:{task.deadline.isoformat()}"
        else:
            late = max(1, -left)
            run.overdue += 1

            def render(about: dict = about, late: int = late) -> tuple[str, str]:
                return _("Overdue: %(task)s") % about, ngettext(
                    "Task “%(task)s” (directive %(number)s) passed its deadline of "
                    "%(deadline)s by %(n)d working day. Report its progress or ask "
                    "for an extension.",
                    "Task “%(task)s” (directive %(number)s) passed its deadline of "
                    "%(deadline)s by %(n)d working days. Report its progress or ask "
                    "for an extension.",
                    late,
                ) % {**about, "n": late}

            repeat = (late - 1) // OVERDUE_REPEAT_DAYS
            key = f"remind:{task.pk}:overdue:{task.deadline.isoformat()}:{repeat}"
        people.add(people.workers(task), render, _task_url(task), key)


def _period_reminders(
    run: ReminderRun, today: date, cal: WorkCalendar, people: _People
) -> None:
    """Art. 7.2b: a period's update due soon, or missed, with nothing filed."""
    before = days_before_setting()
    horizon = add_working_days(today, before[-1], cal) if before else today
    filed = ProgressReport.objects.filter(
        task=OuterRef("task_id"),
        filed_on__gt=OuterRef("opens_after"),
        filed_on__lte=today,
    )
    updates = (
        PeriodicUpdate.objects.filter(
            opens_after__lt=today,
            ends_on__lte=horizon,
            task__state__in=(Task.State.HANDED_OVER, Task.State.ACCEPTED),
        )
        .filter(~Exists(filed))
        .select_related(
            "task__directive",
            "task__lead_agency",
            "task__tracking_officer",
            "task__parent",
        )
    )
    for update in updates:
        # Reminded before the period ends; missed once the Art. 7 limit passed.
        task, end, due = update.task, update.ends_on, update.due_on
        left = working_days_between(today, end, cal)
        about = _about(task, due=_d(end))
        if end >= today:
            bucket = next((n for n in before if n >= left), None)
            if bucket is None:
                continue
            run.period_due += 1

            def render(about: dict = about) -> tuple[str, str]:
                return _("Periodic report due: %(task)s") % about, _(
                    "The periodic report on task “%(task)s” (directive %(number)s) "
                    "is due on %(due)s."
                ) % about

            key = f"remind:{task.pk}:period:{end.isoformat()}:before{bucket}"
        elif due < today:
            run.period_missed += 1
            late = max(1, -working_days_between(today, due, cal))
            about["due"] = _d(due)

            def render(about: dict = about) -> tuple[str, str]:
                return _("Periodic report missed: %(task)s") % about, _(
                    "The periodic report on task “%(task)s” (directive %(number)s) "
                    "was due on %(due)s and has not been filed (Art. 7.2b)."
                ) % about

            repeat = (late - 1) // OVERDUE_REPEAT_DAYS
            key = f"remind:{task.pk}:period_missed:{due.isoformat()}:{repeat}"
        else:
            continue
        people.add(people.workers(task), render, _task_url(task), key)


def _late_reports(run: ReminderRun, today: date, people: _People) -> None:
    """Art. 7.2a: no report at all by 5 working days after the deadline."""
    anything = ProgressReport.objects.filter(task=OuterRef("pk"), filed_on__lte=today)
    tasks = (
        _working_tasks(today)
        .report_late(today)
        .filter(~Exists(anything))
        .select_related("directive", "lead_agency", "tracking_officer", "parent")
    )
    for task in tasks:
        run.late_reports += 1
        about = _about(task, due=_d(task.report_due), agency=task.lead_agency.name)

        def render(about: dict = about) -> tuple[str, str]:
            return _("Late report: %(task)s") % about, _(
                "%(agency)s has not reported the result of task “%(task)s” "
                "(directive %(number)s), due by %(due)s (Art. 7)."
            ) % about

        key = f"late_report:{task.pk}:{task.report_due.isoformat()}"
        people.add(people.office(task), render, _task_url(task), key)


def _late_handovers(run: ReminderRun, today: date, people: _People) -> None:
    """Art. 7.1: directives whose tasks are still drafts after the hand-over limit."""
    drafts = Q(tasks__state=Task.State.DRAFT, tasks__parent__isnull=True)
    directives = list(
        Directive.objects.filter(handover_due_on__lt=today)
        .annotate(drafts=Count("tasks", filter=drafts))
        .filter(drafts__gt=0)
    )
    if not directives:
        return
    trackers: dict[int, dict[int, User]] = defaultdict(dict)
    for task in Task.objects.filter(
        directive__in=directives,
        state=Task.State.DRAFT,
        parent__isnull=True,
        tracking_officer__isnull=False,
    ).select_related("tracking_officer"):
        trackers[task.directive_id][task.tracking_officer_id] = task.tracking_officer
    leads: list[User] = []
    for directive in directives:
        run.late_handovers += 1
        about = {
            "number": directive.number,
            "due": _d(directive.handover_due_on),
            "n": directive.drafts,
        }

        def render(about: dict = about) -> tuple[str, str]:
            return _("Late hand-over: directive %(number)s") % about, ngettext(
                "%(n)d task of directive %(number)s is not handed over yet; the "
                "hand-over was due by %(due)s (Art. 7.1).",
                "%(n)d tasks of directive %(number)s are not handed over yet; the "
                "hand-over was due by %(due)s (Art. 7.1).",
                about["n"],
            ) % about

        officers = list(trackers[directive.pk].values())

        def recipients(officers: list[User] = officers) -> list[User]:
            if officers:
                return officers
            if not leads:
                leads.extend(office_leads())
            return leads

        people.add(
            recipients,
            render,
            _directive_url(directive),
            f"late_handover:{directive.pk}",
        )
