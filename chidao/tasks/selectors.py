"""Read models for task pages and the API: filters, rows with dates, work queues.

Every status and clock comes from `standing` through `Task.objects.with_standing`,
so a list, a queue, a badge and a report count the same tasks the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import BooleanField, Count, F, Func, Q, QuerySet, Subquery, Value
from django.utils.translation import gettext_lazy as _

from chidao.directives.models import Directive
from chidao.workdays.calendar import WorkCalendar

from . import periodic, reach, standing
from .models import (
    ExtensionRequest,
    ProgressReport,
    SignOff,
    Task,
    TaskQuerySet,
    TaskReach,
)

if TYPE_CHECKING:
    from chidao.accounts.models import User


def with_list_data(qs: TaskQuerySet, as_of: date) -> TaskQuerySet:
    """Everything a task row shows as of `as_of`, in one query."""
    return (
        qs.select_related(
            "directive", "lead_agency", "tracking_officer", "sector", "parent"
        )
        .with_standing(as_of)
        .with_handover_status(as_of)
        .annotate(
            as_of_state=F("h__state"),
            as_of_deadline=F("h__deadline"),
            as_of_report_due=F("h__report_due"),
            as_of_completed_on=F("h__completed_on"),
            as_of_confirmed_on=F("h__confirmed_on"),
            as_of_handed_over_on=F("h__handed_over_on"),
            filed_by_report_due=standing.report_filed_q(ProgressReport, as_of),
        )
    )


def display_status(task: Task) -> tuple[str, str]:
    """The badge of a task: css suffix and word (UI.md colours, never alone)."""
    if task.state == Task.State.CANCELLED:
        return "cancelled", str(Task.State.CANCELLED.label)
    status = getattr(task, "report_status", None)
    dates = getattr(task, "dates", None)
    if dates is not None and dates.due_soon:
        return "due_soon", str(_("Due soon"))
    if status:
        return status, str(standing.ReportStatus(status).label)
    handover = getattr(task, "handover_status", None)
    if handover in ("pending", "pending_late"):
        # A draft or a returned task: where its hand-over stands (Art. 7.1).
        return f"handover_{handover}", str(standing.HANDOVER_STATUSES[handover])
    return "", ""


def decorate(
    tasks: Iterable[Task], as_of: date, calendar: WorkCalendar | None = None
) -> list[Task]:
    """Attach `dates` (Art. 7 limits as of `as_of`) and `badge` to each task.

    The tasks come from `with_list_data(..., as_of)`.
    """
    calendar = calendar or WorkCalendar.load()
    until = standing.due_soon_until(as_of, calendar)
    rows = list(tasks)
    next_due = periodic.next_due(
        [t.pk for t in rows if t.deadline is None and t.is_open], as_of
    )
    for task in rows:
        task.dates = standing.dates_of(
            state=getattr(task, "as_of_state", task.state),
            deadline=getattr(task, "as_of_deadline", task.deadline),
            as_of=as_of,
            calendar=calendar,
            completed_on=getattr(task, "as_of_completed_on", task.completed_on),
            confirmed_on=getattr(task, "as_of_confirmed_on", task.confirmed_on),
            report_due=getattr(task, "as_of_report_due", task.report_due),
            filed_by_report_due=bool(getattr(task, "filed_by_report_due", False)),
            handed_over_on=getattr(task, "as_of_handed_over_on", None),
            handover_due=task.directive.handover_due_on,
            is_subtask=task.parent_id is not None,
            next_period_due=next_due.get(task.pk),
            until=until,
        )
        task.badge = display_status(task)
    return rows


HANDOVER_STATUSES = standing.HANDOVER_STATUSES
# `without=` filters: tasks where this is not set.
UNSET_FIELDS = {
    "leader": "directive__directing_leader",
    "sector": "h__sector",
    "tracking_officer": "h__tracking_officer",
}


class InList(Func):
    """`column IN (subquery)`; on PostgreSQL `column = ANY(ARRAY(subquery))`.

    PostgreSQL plans `IN (subquery)` as a semi-join whose size it guesses
    from the whole table: for a report period (a directive index lookup of a
    few hundred directives) it reads every task in a parallel scan (issue
    12: 0.5 s at 1M). Over an array it reaches the tasks through their
    directive index (0.2 s, same rows).
    """

    arg_joiner = " IN "
    template = "%(expressions)s"
    output_field = BooleanField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="%(expressions)s)",
            arg_joiner=" = ANY(ARRAY",
            **extra,
        )


# The filters that read the history row valid on the day (`h`); the others
# read the task and its directive only.
STANDING_FILTERS = (
    "report_status",
    "deadline_from",
    "deadline_to",
    "task_kind",
    "sector",
    "counted",
    "lead_agency",
    "tracking_officer",
    "without",
    "handover",
)


def count_tasks(
    user: User,
    params: dict[str, Any],
    *,
    as_of: date,
    calendar: WorkCalendar | None = None,
) -> int:
    """How many tasks `filter_tasks` gives for `params`, read without the
    history join when no filter needs it: a task has at most one history row
    valid on a day (`history.check`), so the join never changes the count,
    and it costs 2 s on a leader's million tasks (issue 12)."""
    qs = filter_tasks(
        Task.objects.visible_to(user), params, as_of=as_of, calendar=calendar
    )
    return qs.order_by().count()


# Up to a quarter, a period's tasks are few enough to reach through the
# directive index (InList: 0.2 s instead of 0.5 s at 1M). For a year the
# planner's hash join is as good or better (1.9–2.3 s against 2.4 s, same
# run), and beyond it every task is read anyway.
SHORT_PERIOD_DAYS = 100


def _short_period(start: date | None, end: date | None) -> bool:
    return (
        start is not None
        and end is not None
        and (end - start).days <= SHORT_PERIOD_DAYS
    )


def filter_tasks(
    qs: TaskQuerySet,
    params: dict[str, Any],
    *,
    as_of: date,
    calendar: WorkCalendar | None = None,
) -> TaskQuerySet:
    """Apply the list filters shared by the page, the API and the reports.

    `qs` is annotated by `with_standing(as_of)` (see `with_list_data`), or
    gets it here when a filter needs it. What a report groups by (lead
    agency, sector, tracking officer) is taken as it was on `as_of`, like the
    report itself.
    """
    if any(params.get(name) for name in STANDING_FILTERS):
        qs = qs._standing(as_of)
    if params.get("q"):
        qs = qs.search(params["q"])
    agency = params.get("agency")
    if agency:
        agency_id = getattr(agency, "pk", agency)
        helping = Task.cooperating_agencies.through.objects.filter(
            agency_id=agency_id
        ).values("task_id")
        # A UNION of two index lookups: an OR across the subquery reads
        # every task (issue 12).
        led = Task.objects.filter(lead_agency_id=agency_id).order_by().values("pk")
        qs = qs.filter(pk__in=led.union(helping.order_by()))
    if params.get("state"):
        qs = qs.filter(state=params["state"])
    status = params.get("report_status")
    if status:
        qs = qs.filter(standing.list_status_q(status, as_of, calendar))
    if params.get("deadline_from"):
        qs = qs.filter(h__deadline__gte=params["deadline_from"])
    if params.get("deadline_to"):
        qs = qs.filter(h__deadline__lte=params["deadline_to"])
    if params.get("kind"):
        qs = qs.filter(directive__kind=params["kind"])
    if params.get("task_kind"):
        qs = qs.filter(h__kind=params["task_kind"])
    leader = params.get("leader")
    if leader:
        qs = qs.filter(directive__directing_leader_id=getattr(leader, "pk", leader))
    sector = params.get("sector")
    if sector:
        qs = qs.filter(h__sector_id=getattr(sector, "pk", sector))
    if params.get("directive"):
        qs = qs.filter(directive_id=params["directive"])
    # The filters behind report numbers (chidao.reports): counted tasks only,
    # the directive issue period, a lead agency, the hand-over standing.
    if params.get("counted"):
        qs = qs.counted(as_of)
    issued = {}
    if params.get("issued_from"):
        issued["issued_on__gte"] = params["issued_from"]
    if params.get("issued_to"):
        issued["issued_on__lte"] = params["issued_to"]
    if issued:
        # A subquery, not a join: lets SQLite reach the tasks through their
        # directive index instead of scanning them all (PostgreSQL: see InList).
        directives = Directive.objects.filter(**issued).order_by().values("pk")
        if _short_period(params.get("issued_from"), params.get("issued_to")):
            qs = qs.filter(InList(F("directive_id"), Subquery(directives)))
        else:
            qs = qs.filter(directive_id__in=directives)
    lead = params.get("lead_agency")
    if lead:
        qs = qs.filter(h__lead_agency_id=getattr(lead, "pk", lead))
    officer = params.get("tracking_officer")
    if officer:
        qs = qs.filter(h__tracking_officer_id=getattr(officer, "pk", officer))
    if params.get("without") in UNSET_FIELDS:
        qs = qs.filter(**{f"{UNSET_FIELDS[params['without']]}__isnull": True})
    handover = params.get("handover")
    if handover:
        qs = qs.with_handover_status(as_of)
        if handover == "handed":
            qs = qs.filter(handover_status__in=["on_time", "late"])
        else:
            qs = qs.filter(handover_status=handover)
    return qs


# A work queue: (its base queryset's name, its filter, its order).
Queue = tuple[str, Q, tuple[str, ...]]


@dataclass(frozen=True)
class Columns:
    """Where the queue filters read: tasks joined to their standing on a day
    (`h__…`), the tasks' own columns (today's: their open history rows), or
    an agency's reach rows (`tasks.reach`); `task` names the task id."""

    prefix: str
    task: str


ON_TASKS = Columns("h__", "pk")
ON_TODAY = Columns("", "pk")
ON_REACH = Columns("", "task_id")
# The queue orders reach rows can give (their own columns, same tie-break).
REACH_ORDERS = {("deadline", "id"): ("deadline", "task_id")}


def _columns(user: User, as_of: date) -> Columns:
    """What a work queue of `user` reads as of `as_of` (`reach.holds`)."""
    if not reach.holds(user, as_of):
        return ON_TASKS
    return ON_TODAY if user.reads_all else ON_REACH


def _office_queue_filters(
    user: User, as_of: date, on: Columns, officer: Q | None = None
) -> tuple[dict[str, QuerySet], dict[str, Queue]]:
    """The base of "Việc của tôi" and each queue as (base, filter, order):
    for an officer, the tasks they follow and those nobody follows yet
    (`officer` narrows it to one of the two)."""
    tasks = Task.objects.visible_to(user)
    if on == ON_TASKS:
        tasks = with_list_data(tasks, as_of)
    base = tasks.filter(parent__isnull=True)
    if officer is not None:
        base = base.filter(officer)
    elif not user.has_role("office_lead"):
        base = base.filter(Q(tracking_officer=user) | Q(tracking_officer__isnull=True))
    p = on.prefix
    queues: dict[str, Queue] = {
        "handover": (
            "base",
            Q(state=Task.State.DRAFT),
            ("directive__handover_due_on", "id"),
        ),
        "returned": ("base", Q(state=Task.State.RETURNED), ("updated_at", "id")),
        "to_check": ("base", standing.awaiting_q(p), ("updated_at", "id")),
        "overdue": ("base", standing.overdue_q(as_of, p), ("deadline", "id")),
    }
    if user.has_role("office_lead"):
        waiting = ExtensionRequest.objects.filter(
            state=ExtensionRequest.State.REQUESTED
        ).values("task_id")
        queues["extensions"] = ("base", Q(pk__in=waiting), ("deadline", "id"))
    return {"base": base}, queues


def _built(
    bases: dict[str, QuerySet], queues: dict[str, Queue], as_of: date, on: Columns
) -> dict[str, Any]:
    """Each queue sliceable into its tasks (with `with_list_data`). Read from
    the tasks' own columns or reach rows, a queue's order and slice come from
    them and only the rows shown are joined (`reach.Paged`); reach rows give
    the orders of their own columns, the others are the tasks' order."""
    if on == ON_TASKS:
        return {
            name: bases[base].filter(condition).order_by(*order)
            for name, (base, condition, order) in queues.items()
        }
    tasks = with_list_data(Task.objects.all(), as_of)
    built: dict[str, Any] = {}
    for name, (base, condition, order) in queues.items():
        rows = bases[base].filter(condition)
        if on == ON_TODAY:
            ids = rows.order_by(*order).values_list("pk")
        elif order in REACH_ORDERS:
            ids = rows.order_by(*REACH_ORDERS[order]).values_list("task_id")
        else:
            ids = (
                Task.objects.filter(pk__in=rows.values("task_id"))
                .order_by(*order)
                .values_list("pk")
            )
        built[name] = reach.Paged(ids, tasks)
    return built


def _counted(bases: dict[str, QuerySet], queues: dict[str, Queue]) -> dict[str, int]:
    """How many tasks each queue holds: one pass over each base
    (`COUNT(*) FILTER`), not one count per queue (issue 12)."""
    counts: dict[str, int] = {}
    for base_name, base in bases.items():
        its = {n: c for n, (b, c, _order) in queues.items() if b == base_name}
        if its:
            counts.update(
                base.order_by().aggregate(
                    **{n: Count(Value(1), filter=c) for n, c in its.items()}
                )
            )
    return {name: counts[name] for name in queues}


def first_rows(queues: dict[str, Any], sizes: dict[str, int]) -> dict[str, list[Task]]:
    """The first `sizes[name]` tasks of each of `queues` (`office_queues`,
    `agency_queues`): read from reach rows or today's columns, all their rows
    in one query (`reach.first_pages`); from the history, one per queue."""
    pages = {n: q for n, q in queues.items() if isinstance(q, reach.Paged)}
    rows = reach.first_pages(pages, sizes)
    for name, queue in queues.items():
        if name not in rows:
            rows[name] = list(queue[: sizes[name]])
    return {name: rows[name] for name in queues}


def office_queues(user: User, as_of: date) -> dict[str, Any]:
    """ "Việc của tôi": what the Office has to do now, by kind of work."""
    on = _columns(user, as_of)
    return _built(*_office_queue_filters(user, as_of, on), as_of, on)


def office_queue_counts(user: User, as_of: date) -> dict[str, int]:
    """How many tasks each of `office_queues` holds, in one query; for an
    officer on today's columns, their own tasks and the unassigned counted
    apart and added: each is then one index-only range of
    `task_office_queue_idx`, their OR read every row from the table (issue
    12: 41 to 17 ms at 1M)."""
    on = _columns(user, as_of)
    if on == ON_TASKS or user.has_role("office_lead"):
        return _counted(*_office_queue_filters(user, as_of, on))
    mine, unassigned = (
        _counted(*_office_queue_filters(user, as_of, on, officer))
        for officer in (Q(tracking_officer=user), Q(tracking_officer__isnull=True))
    )
    return {name: mine[name] + unassigned[name] for name in mine}


def _agency_queue_filters(
    user: User,
    as_of: date,
    calendar: WorkCalendar | None,
    on: Columns,
    returned: bool = False,
) -> tuple[dict[str, QuerySet], dict[str, Queue]]:
    """The bases of "Nhiệm vụ được giao" and each queue as (base, filter, order).

    The bases are two parts of `visible_to`, read without the UNION (issue
    12): what the agency leads ("mine") and what it cooperates on ("helping"),
    as tasks or as the agency's reach rows (`on`).
    """
    if on == ON_REACH:
        # Every filter below reads columns only: counted from one index.
        rows = TaskReach.objects.filter(agency_id=user.agency_id)
        bases: dict[str, QuerySet] = {
            "mine": rows.filter(leads=True),
            "helping": rows.filter(helps=True),
        }
    else:
        bases = {
            "mine": with_list_data(Task.objects.visible_led_by_agency_of(user), as_of),
            "helping": with_list_data(
                Task.objects.visible_helped_by_agency_of(user), as_of
            ),
        }
    p = on.prefix
    # Art. 7.2: the deadline passed with nothing reported by the limit, or the
    # period's update is open and not filed yet.
    deadline_report = Q(**{f"{p}deadline__lte": as_of}) & ~standing.report_filed_q(
        ProgressReport, as_of, p, on.task
    )
    accepted = Q(state=Task.State.ACCEPTED)
    until = standing.due_soon_until(as_of, calendar)
    by_deadline = ("deadline", "id")
    queues: dict[str, Queue] = {}
    if user.has_role("agency_lead"):
        # Art. 8.1: officers' "done" reports the head must approve.
        waiting = SignOff.objects.filter(state=SignOff.State.PENDING).values("task_id")
        queues["to_sign_off"] = (
            "mine",
            accepted & Q(**{f"{on.task}__in": waiting}),
            ("updated_at", "id"),
        )
    queues.update(
        {
            "new": ("mine", Q(state=Task.State.HANDED_OVER), ("handed_over_at", "id")),
            "due_soon": ("mine", standing.due_soon_q(as_of, until, p), by_deadline),
            "overdue": ("mine", standing.overdue_q(as_of, p), by_deadline),
            "awaiting_report": (
                "mine",
                accepted & (deadline_report | periodic.pending_q(as_of, on.task)),
                by_deadline,
            ),
            "awaiting_confirmation": (
                "mine",
                standing.awaiting_q(p),
                ("updated_at", "id"),
            ),
            "in_progress": ("mine", accepted, by_deadline),
            "cooperating": (
                "helping",
                ~Q(state__in=Task.CLOSED_STATES),
                by_deadline,
            ),
        }
    )
    if returned:  # the agency dashboard's: what it gave back to the Office
        queues["returned"] = (
            "mine",
            Q(state=Task.State.RETURNED),
            ("-updated_at", "id"),
        )
    return bases, queues


def agency_queues(
    user: User,
    as_of: date,
    calendar: WorkCalendar | None = None,
    *,
    returned: bool = False,
) -> dict[str, Any]:
    """ "Nhiệm vụ được giao": an agency's new, due soon, overdue and report
    work; each queue sliceable into its tasks (with `with_list_data`)."""
    on = _columns(user, as_of)
    return _built(
        *_agency_queue_filters(user, as_of, calendar, on, returned), as_of, on
    )


def agency_queue_counts(
    user: User,
    as_of: date,
    calendar: WorkCalendar | None = None,
    *,
    returned: bool = False,
) -> dict[str, int]:
    """How many tasks each of `agency_queues` holds, one query per base."""
    on = _columns(user, as_of)
    return _counted(*_agency_queue_filters(user, as_of, calendar, on, returned))
