"""Read models for task pages and the API: filters, rows with dates, work queues."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Case,
    CharField,
    DateField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TimeField,
    Value,
    When,
)
from django.db.models.functions import Cast, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chidao.directives.models import Directive
from chidao.workdays.calendar import WorkCalendar

from .deadlines import task_dates
from .models import ExtensionRequest, ProgressReport, ReportStatus, Task, TaskQuerySet

if TYPE_CHECKING:
    from chidao.accounts.models import User


def with_list_data(qs: TaskQuerySet, as_of: date) -> TaskQuerySet:
    """Everything a task row shows, in one query: status and last done report."""
    last_done = (
        ProgressReport.objects.filter(task=OuterRef("pk"), is_done=True)
        .order_by("-at")
        .values("at")[:1]
    )
    return (
        qs.select_related("directive", "lead_agency", "tracking_officer", "sector")
        .with_report_status(as_of)
        .annotate(done_reported_at=Subquery(last_done))
    )


def display_status(task: Task) -> tuple[str, str]:
    """The badge of a task: css suffix and word (UI.md colours, never alone)."""
    if task.state == Task.State.CANCELLED:
        return "cancelled", str(Task.State.CANCELLED.label)
    status = getattr(task, "report_status", "")
    dates = getattr(task, "dates", None)
    if status == ReportStatus.ON_TRACK and dates is not None and dates.due_soon:
        return "due_soon", str(_("Due soon"))
    if not status:
        return "", ""
    return status, str(ReportStatus(status).label)


def decorate(
    tasks: Iterable[Task], today: date, calendar: WorkCalendar | None = None
) -> list[Task]:
    """Attach `dates` (Art. 7 limits) and `badge` to each task of a page."""
    calendar = calendar or WorkCalendar.load()
    rows = []
    for task in tasks:
        task.dates = task_dates(
            task,
            today,
            calendar,
            done_reported_at=getattr(task, "done_reported_at", None),
        )
        task.badge = display_status(task)
        rows.append(task)
    return rows


# Art. 7.1: where the Office stands with a task's hand-over, as of a day.
HANDOVER_STATUSES = {
    "on_time": _("Handed over within the limit"),
    "late": _("Handed over late"),
    "pending_late": _("Not handed over, limit passed"),
    "pending": _("Not handed over, within the limit"),
}
# `without=` filters: tasks where this is not set.
UNSET_FIELDS = {
    "leader": "directive__directing_leader",
    "sector": "sector",
    "tracking_officer": "tracking_officer",
}


def _handed_after(qs: QuerySet, due: str, as_of: date) -> tuple[QuerySet, Q]:
    """`qs` and a Q: the local day of `handed_over_at` is later than `due`.

    SQLite converts time zones in Python, row by row, which is far too slow for
    reports. East of UTC (Vietnam: UTC+7, no daylight saving) the same test
    reads the UTC date and time with the database's own functions: the local
    day ends at 24:00 - offset, UTC, on that same date.
    """
    offset = timezone.get_current_timezone().utcoffset(
        datetime.combine(as_of, time(12))
    )
    if offset is None or not timedelta(0) <= offset < timedelta(days=1):
        qs = qs.annotate(handed_on=TruncDate("handed_over_at"))
        return qs, Q(handed_on__gt=F(due))
    qs = qs.annotate(
        handed_utc_on=Cast("handed_over_at", DateField()),
        handed_utc_at=Cast("handed_over_at", TimeField()),
    )
    later_day = Q(handed_utc_on__gt=F(due))
    if not offset:
        return qs, later_day
    seconds = int((timedelta(days=1) - offset).total_seconds())
    turn = time(seconds // 3600, seconds // 60 % 60, seconds % 60)
    return qs, later_day | Q(handed_utc_on=F(due), handed_utc_at__gte=turn)


def with_handover_status(qs: QuerySet, as_of: date) -> QuerySet:
    """Annotate `handover_status` (HANDOVER_STATUSES) against the stored limit.

    A hand-over is on time when its local date is no later than the
    directive's `handover_due_on`. Sub-tasks (no Art. 7.1 limit) and cancelled
    tasks get None.
    """
    handed = ~Q(state=Task.State.DRAFT) & Q(handed_over_at__isnull=False)
    if as_of < date.max:  # the last day of the calendar has no day after
        day_after = datetime.combine(
            as_of + timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone()
        )
        handed &= Q(handed_over_at__lt=day_after)
    qs, late = _handed_after(qs, "directive__handover_due_on", as_of)
    return qs.annotate(
        handover_status=Case(
            When(
                Q(parent__isnull=False) | Q(state=Task.State.CANCELLED),
                then=Value(None),
            ),
            When(handed & late, then=Value("late")),
            When(handed, then=Value("on_time")),
            When(directive__handover_due_on__lt=as_of, then=Value("pending_late")),
            default=Value("pending"),
            output_field=CharField(null=True),
        )
    )


def filter_tasks(
    qs: TaskQuerySet,
    params: dict[str, Any],
    *,
    as_of: date,
    calendar: WorkCalendar | None = None,
) -> TaskQuerySet:
    """Apply the list filters shared by the page and the API.

    `qs` must already carry `report_status` (see `with_list_data`).
    """
    if params.get("q"):
        qs = qs.search(params["q"])
    agency = params.get("agency")
    if agency:
        agency_id = getattr(agency, "pk", agency)
        helping = Task.cooperating_agencies.through.objects.filter(
            agency_id=agency_id
        ).values("task_id")
        qs = qs.filter(Q(lead_agency_id=agency_id) | Q(pk__in=helping))
    if params.get("state"):
        qs = qs.filter(state=params["state"])
    status = params.get("report_status")
    if status == "due_soon":
        qs = qs.due_soon(as_of, calendar)
    elif status:
        qs = qs.filter(report_status=status).exclude(state=Task.State.CANCELLED)
    if params.get("deadline_from"):
        qs = qs.filter(deadline__gte=params["deadline_from"])
    if params.get("deadline_to"):
        qs = qs.filter(deadline__lte=params["deadline_to"])
    if params.get("kind"):
        qs = qs.filter(directive__kind=params["kind"])
    leader = params.get("leader")
    if leader:
        qs = qs.filter(directive__directing_leader_id=getattr(leader, "pk", leader))
    sector = params.get("sector")
    if sector:
        qs = qs.filter(sector_id=getattr(sector, "pk", sector))
    if params.get("directive"):
        qs = qs.filter(directive_id=params["directive"])
    # The filters behind report numbers (chidao.reports): counted tasks only,
    # the directive issue period, a lead agency, the hand-over standing.
    if params.get("counted"):
        # Not `parent__isnull=True`: SQLite would walk the parent index over
        # nearly every task instead of using the narrower filters.
        qs = qs.reportable().exclude(parent__isnull=False)
    issued = {}
    if params.get("issued_from"):
        issued["issued_on__gte"] = params["issued_from"]
    if params.get("issued_to"):
        issued["issued_on__lte"] = params["issued_to"]
    if issued:
        # A subquery, not a join: lets SQLite reach the tasks through their
        # directive index instead of scanning them all.
        qs = qs.filter(directive_id__in=Directive.objects.filter(**issued).values("pk"))
    lead = params.get("lead_agency")
    if lead:
        qs = qs.filter(lead_agency_id=getattr(lead, "pk", lead))
    officer = params.get("tracking_officer")
    if officer:
        qs = qs.filter(tracking_officer_id=getattr(officer, "pk", officer))
    if params.get("without") in UNSET_FIELDS:
        qs = qs.filter(**{f"{UNSET_FIELDS[params['without']]}__isnull": True})
    handover = params.get("handover")
    if handover:
        qs = with_handover_status(qs, as_of)
        if handover == "handed":
            qs = qs.filter(handover_status__in=["on_time", "late"])
        else:
            qs = qs.filter(handover_status=handover)
    return qs


def office_queues(user: User, as_of: date) -> dict[str, TaskQuerySet]:
    """ "Việc của tôi": what the Office has to do now, by kind of work."""
    base = with_list_data(Task.objects.visible_to(user), as_of).filter(
        parent__isnull=True
    )
    if not user.has_role("office_lead"):
        base = base.filter(Q(tracking_officer=user) | Q(tracking_officer__isnull=True))
    queues = {
        "handover": base.filter(state=Task.State.DRAFT).order_by(
            "directive__handover_due_on", "id"
        ),
        "returned": base.filter(state=Task.State.RETURNED).order_by("updated_at"),
        "to_check": base.filter(state=Task.State.REPORTED_DONE).order_by("updated_at"),
        "overdue": base.overdue(as_of).order_by("deadline", "id"),
    }
    if user.has_role("office_lead"):
        waiting = ExtensionRequest.objects.filter(
            state=ExtensionRequest.State.REQUESTED
        ).values("task_id")
        queues["extensions"] = base.filter(pk__in=waiting).order_by("deadline")
    return queues


def agency_queues(
    user: User, as_of: date, calendar: WorkCalendar | None = None
) -> dict[str, TaskQuerySet]:
    """ "Nhiệm vụ được giao": an agency's new, due soon, overdue and report work."""
    base = with_list_data(Task.objects.visible_to(user), as_of)
    mine = base.filter(lead_agency_id=user.agency_id)
    awaiting_report = mine.filter(state=Task.State.ACCEPTED).filter(
        Q(kind=Task.Kind.PERIODIC_REPORT) | Q(deadline__lte=as_of)
    )
    helping = Task.cooperating_agencies.through.objects.filter(
        agency_id=user.agency_id
    ).values("task_id")
    return {
        "new": mine.filter(state=Task.State.HANDED_OVER).order_by("handed_over_at"),
        "due_soon": mine.due_soon(as_of, calendar).order_by("deadline"),
        "overdue": mine.overdue(as_of).order_by("deadline"),
        "awaiting_report": awaiting_report.order_by("deadline", "id"),
        "in_progress": mine.filter(state=Task.State.ACCEPTED).order_by(
            "deadline", "id"
        ),
        "cooperating": base.filter(pk__in=helping).open().order_by("deadline"),
    }
