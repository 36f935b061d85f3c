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
from django.db.models import Count, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chidao.accounts.models import AGENCY_ROLES, Role, User
from chidao.directives.models import Directive
from chidao.notifications.services import Notice, deliver
from chidao.workdays.calendar import (
    WorkCalendar,
    add_working_days,
    working_days_between,
)

from .deadlines import next_period_report_due
from .models import Task

# Tasks an agency is working on: handed over or accepted, not reported done.
WORKING_STATES = (Task.State.HANDED_OVER, Task.State.ACCEPTED)
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
    with translation.override(settings.LANGUAGE_CODE):
        people = _People()
        _deadline_reminders(run, today, cal, people)
        _period_reminders(run, today, cal, people)
        _late_reports(run, today, people)
        _late_handovers(run, today, people)
        people.load()
        notices = [
            Notice(user, title=title, body=body, url=url, key=key)
            for recipients, title, body, url, key in people.pending
            for user in recipients()
        ]
    run.notified = deliver(notices)
    return run


Recipients = Callable[[], list[User]]


class _People:
    """Recipients, collected first and loaded in two queries at the end."""

    def __init__(self) -> None:
        self.agency_ids: set[int] = set()
        self.by_agency: dict[int, list[User]] = defaultdict(list)
        self.leads: list[User] = []
        self.pending: list[tuple[Recipients, str, str, str, str]] = []

    def load(self) -> None:
        users = (
            User.objects.filter(
                agency_id__in=self.agency_ids,
                is_active=True,
                groups__name__in=AGENCY_ROLES,
            )
            .distinct()
            .order_by("pk")
        )
        for user in users:
            self.by_agency[user.agency_id].append(user)
        self.leads = list(
            User.objects.filter(is_active=True, groups__name=Role.OFFICE_LEAD)
            .distinct()
            .order_by("pk")
        )

    def add(
        self, recipients: Recipients, title: str, body: str, url: str, key: str
    ) -> None:
        """Queue a notice; `recipients` is called once the people are loaded."""
        self.pending.append((recipients, title, body, url, key))

    # Who hears of a task:
    def workers(self, task: Task) -> Recipients:
        """The lead agency's officers and lead, and the tracking officer."""
        self.agency_ids.add(task.lead_agency_id)

        def recipients() -> list[User]:
            users = list(self.by_agency[task.lead_agency_id])
            if task.tracking_officer is not None:
                users.append(task.tracking_officer)
            return users

        return recipients

    def office(self, task: Task) -> Recipients:
        """The tracking officer, else the office leads; a sub-task's parent agency."""
        if task.parent_id is not None:
            self.agency_ids.add(task.parent.lead_agency_id)
            return lambda: list(self.by_agency[task.parent.lead_agency_id])
        if task.tracking_officer is not None:
            return lambda: [task.tracking_officer]
        return lambda: list(self.leads)


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


def _working_tasks() -> QuerySet[Task]:
    return Task.objects.filter(state__in=WORKING_STATES).select_related(
        "directive", "lead_agency", "tracking_officer", "parent"
    )


def _deadline_reminders(
    run: ReminderRun, today: date, cal: WorkCalendar, people: _People
) -> None:
    """Due in N working days, due today, and overdue (then every 5 days)."""
    before = days_before_setting()
    horizon = add_working_days(today, before[-1], cal) if before else today
    tasks = _working_tasks().filter(deadline__isnull=False, deadline__lte=horizon)
    for task in tasks:
        left = working_days_between(today, task.deadline, cal)
        about = {
            "task": _label(task),
            "number": task.directive.number,
            "deadline": _d(task.deadline),
        }
        if left > 0:
            bucket = next((n for n in before if n >= left), None)
            if bucket is None:
                continue
            run.due_soon += 1
            title = _("Due soon: %(task)s") % about
            body = ngettext(
                "Task “%(task)s” (directive %(number)s) is due on %(deadline)s, "
                "in %(n)d working day.",
                "Task “%(task)s” (directive %(number)s) is due on %(deadline)s, "
                "in %(n)d working days.",
                left,
            ) % {**about, "n": left}
            key = f"remind:{task.pk}:before{bucket}:{task.deadline.isoformat()}"
        elif left == 0 and task.deadline >= today:
            run.due_today += 1
            title = _("Due today: %(task)s") % about
            body = (
                _(
                    "Task “%(task)s” (directive %(number)s) is due on %(deadline)s. "
                    "Report the result within 5 working days after the deadline."
                )
                % about
            )
            key = f"remind:{task.pk}:today:{task.deadline.isoformat()}"
        else:
            late = max(1, -left)
            run.overdue += 1
            title = _("Overdue: %(task)s") % about
            body = ngettext(
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
        people.add(people.workers(task), title, body, _task_url(task), key)


def _period_reminders(
    run: ReminderRun, today: date, cal: WorkCalendar, people: _People
) -> None:
    """Art. 7.2b: periodic reports due at the end of the quarter, half or year."""
    before = days_before_setting()
    if not before:
        return
    tasks = _working_tasks().filter(
        kind=Task.Kind.PERIODIC_REPORT, deadline__isnull=True
    )
    for task in tasks:
        if not task.period:
            continue
        due = next_period_report_due(task.period, today)
        left = working_days_between(today, due, cal)
        bucket = next((n for n in before if n >= left), None)
        if left < 0 or bucket is None:
            continue
        run.period_due += 1
        about = {
            "task": _label(task),
            "number": task.directive.number,
            "due": _d(due),
        }
        title = _("Periodic report due: %(task)s") % about
        body = (
            _(
                "The periodic report on task “%(task)s” (directive %(number)s) "
                "is due on %(due)s."
            )
            % about
        )
        key = f"remind:{task.pk}:period:{due.isoformat()}:before{bucket}"
        people.add(people.workers(task), title, body, _task_url(task), key)


def _late_reports(run: ReminderRun, today: date, people: _People) -> None:
    """Art. 7.2a: the result report is late 5 working days after the deadline."""
    tasks = _working_tasks().filter(report_due__isnull=False, report_due__lt=today)
    for task in tasks:
        run.late_reports += 1
        about = {
            "task": _label(task),
            "number": task.directive.number,
            "due": _d(task.report_due),
            "agency": task.lead_agency.name,
        }
        title = _("Late report: %(task)s") % about
        body = (
            _(
                "%(agency)s has not reported the result of task “%(task)s” "
                "(directive %(number)s), due by %(due)s (Art. 7)."
            )
            % about
        )
        key = f"late_report:{task.pk}:{task.report_due.isoformat()}"
        people.add(people.office(task), title, body, _task_url(task), key)


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
    for directive in directives:
        run.late_handovers += 1
        about = {
            "number": directive.number,
            "due": _d(directive.handover_due_on),
            "n": directive.drafts,
        }
        title = _("Late hand-over: directive %(number)s") % about
        body = (
            ngettext(
                "%(n)d task of directive %(number)s is not handed over yet; the "
                "hand-over was due by %(due)s (Art. 7.1).",
                "%(n)d tasks of directive %(number)s are not handed over yet; the "
                "hand-over was due by %(due)s (Art. 7.1).",
                directive.drafts,
            )
            % about
        )
        officers = list(trackers[directive.pk].values())

        def recipients(officers: list[User] = officers) -> list[User]:
            return officers or list(people.leads)

        people.add(
            recipients,
            title,
            body,
            _directive_url(directive),
            f"late_handover:{directive.pk}",
        )
