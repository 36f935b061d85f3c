"""The one query layer behind every number: dashboards, lists, API and files.

Each function takes a task queryset that the caller has already narrowed
(visibility, filters of the task list) and returns plain rows. Each table is
one aggregate query, so the number of queries never grows with the number of
agencies or tasks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from axes.models import AccessLog
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.accounts.models import User
from chidao.agencies.models import Agency
from chidao.tasks.models import ProgressReport, ReportStatus, Sector, Task
from chidao.tasks.selectors import filter_tasks, with_handover_status

if TYPE_CHECKING:
    from chidao.tasks.models import TaskQuerySet

STATUSES: tuple[str, ...] = tuple(ReportStatus.values)

# group_by → the task column that keys the group.
GROUPS: dict[str, str] = {
    "agency": "lead_agency_id",
    "leader": "directive__directing_leader_id",
    "sector": "sector_id",
}
GROUP_BY_CHOICES = tuple(GROUPS)


@dataclass
class SummaryRow:
    """Counts per report status of one group (or of everything: the totals)."""

    key: int | None
    name: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.get(s, 0) for s in STATUSES)

    @property
    def done(self) -> int:
        return self.counts.get(ReportStatus.DONE_ON_TIME, 0) + self.counts.get(
            ReportStatus.DONE_LATE, 0
        )

    @property
    def on_time_rate(self) -> float | None:
        """Done on time / (done on time + done late); None while nothing is done.

        Tasks without a deadline have no "on time", so they are left out.
        """
        if not self.done:
            return None
        return self.counts.get(ReportStatus.DONE_ON_TIME, 0) / self.done

    def __getattr__(self, name: str) -> int:
        # Templates read row.overdue, row.done_on_time, ...
        if name in STATUSES:
            return self.counts.get(name, 0)
        raise AttributeError(name)

    def as_dict(self) -> dict:
        rate = self.on_time_rate
        return {
            "key": self.key,
            "name": self.name,
            "total": self.total,
            **{s: self.counts.get(s, 0) for s in STATUSES},
            "on_time_rate": None if rate is None else round(rate, 4),
        }


@dataclass
class SummaryResult:
    rows: list[SummaryRow]
    totals: SummaryRow
    group_by: str | None = None

    def as_dict(self) -> dict:
        return {
            "rows": [r.as_dict() for r in self.rows],
            "totals": self.totals.as_dict(),
        }


def _status_counts() -> dict[str, Count]:
    return {s: Count("pk", filter=Q(report_status=s)) for s in STATUSES}


def _rank_key(row: SummaryRow) -> tuple:
    # Best first: highest on-time rate, then fewest overdue, most tasks, name.
    rate = row.on_time_rate
    return (
        rate is None,
        -(rate or 0.0),
        row.counts.get(ReportStatus.OVERDUE, 0),
        -row.total,
        row.name,
    )


def period_params(start: date, end: date, as_of: date) -> dict[str, object]:
    """The task-list filters of a report period (see `tasks.forms.TaskFilterForm`)."""
    return {"issued_from": start, "issued_to": end, "as_of": as_of}


def report_tasks(user: User, params: dict, *, as_of: date) -> TaskQuerySet:
    """The tasks behind every report number: what the task list shows for
    `params` plus `counted` (handed over, not cancelled, not a sub-task)."""
    qs = Task.objects.visible_to(user).with_report_status(as_of)
    return filter_tasks(qs, {**params, "counted": True}, as_of=as_of)


def handover_tasks(user: User, params: dict, *, as_of: date) -> TaskQuerySet:
    """The tasks behind the Office's hand-over numbers (drafts included)."""
    qs = Task.objects.visible_to(user).with_report_status(as_of)
    return filter_tasks(qs, {**params, "counted": False}, as_of=as_of)


def _with_status(tasks: TaskQuerySet, as_of: date) -> TaskQuerySet:
    if "report_status" not in tasks.query.annotations:
        tasks = tasks.with_report_status(as_of)
    return tasks.reportable()


def _user_names(keys: set[int]) -> dict[int, str]:
    return {
        pk: full_name or username
        for pk, full_name, username in User.objects.filter(pk__in=keys).values_list(
            "pk", "full_name", "username"
        )
    }


def _names(group_by: str, keys: set[int]) -> dict[int, str]:
    """Names of the groups, in one small query (cheaper than a join per task)."""
    if group_by == "agency":
        return dict(Agency.objects.filter(pk__in=keys).values_list("pk", "name"))
    if group_by == "sector":
        return dict(Sector.objects.filter(pk__in=keys).values_list("pk", "name"))
    return _user_names(keys)


def summaries(
    tasks: TaskQuerySet, *, as_of: date, groups: tuple[str, ...]
) -> dict[str, SummaryResult]:
    """Counts per report status for several groupings, from ONE query.

    The query groups by every grouping's key and the status; each grouping is
    then summed up here, and named by one small query. Meant for groupings
    whose product stays small (directing leader x sector); `summary` is the
    one-grouping case.
    """
    for group_by in groups:
        if group_by not in GROUPS:
            raise ValueError(f"Unknown grouping {group_by!r}.")
    counts: dict[str, dict[int | None, dict[str, int]]] = {g: {} for g in groups}
    qs = _with_status(tasks, as_of).order_by()
    columns = [GROUPS[g] for g in groups]
    for values in qs.values(*columns, "report_status").annotate(n=Count("pk")):
        status, n = values["report_status"], values["n"]
        for group_by in groups:
            key = values[GROUPS[group_by]]
            row = counts[group_by].setdefault(key, dict.fromkeys(STATUSES, 0))
            row[status] += n
    results = {}
    for group_by in groups:
        names = _names(group_by, {k for k in counts[group_by] if k is not None})
        rows = [
            SummaryRow(
                key,
                names.get(key, "") if key is not None else _unassigned_label(group_by),
                row,
            )
            for key, row in counts[group_by].items()
        ]
        rows.sort(key=_rank_key)
        totals = SummaryRow(
            None, _("Total"), {s: sum(r.counts[s] for r in rows) for s in STATUSES}
        )
        results[group_by] = SummaryResult(rows, totals, group_by)
    return results


def summary(
    tasks: TaskQuerySet, *, as_of: date, group_by: str | None = None
) -> SummaryResult:
    """Counts per report status as of `as_of`, per group, in one query.

    Only reportable tasks count (handed over, not cancelled). The query groups
    by (group, status) and the rows are pivoted here, which keeps the status
    expression evaluated once per task. The totals are the sum of the rows.
    """
    if group_by is not None:
        return summaries(tasks, as_of=as_of, groups=(group_by,))[group_by]
    counts = dict.fromkeys(STATUSES, 0)
    qs = _with_status(tasks, as_of).order_by()
    for values in qs.values("report_status").annotate(n=Count("pk")):
        counts[values["report_status"]] = values["n"]
    return SummaryResult([], SummaryRow(None, _("Total"), counts))


def _unassigned_label(group_by: str) -> str:
    if group_by == "leader":
        return _("No directing leader")
    if group_by == "sector":
        return _("No sector")
    return _("No agency")


def overdue_tasks(tasks: TaskQuerySet, *, as_of: date, limit: int = 10) -> list[Task]:
    """The tasks longest overdue first (same rule as the `overdue` count)."""
    return list(
        _with_status(tasks, as_of)
        # Implied by the status; lets the database walk the deadline index.
        .filter(deadline__lt=as_of, report_status=ReportStatus.OVERDUE)
        .select_related("directive", "lead_agency")
        .order_by("deadline", "pk")[:limit]
    )


# -- the Office's own timeliness (Art. 7.1, 10.1) ---------------------------


@dataclass
class HandoverRow:
    key: int | None
    name: str
    handed_over: int = 0
    on_time: int = 0
    late: int = 0
    pending_late: int = 0
    pending: int = 0

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.handed_over if self.handed_over else None

    def as_dict(self) -> dict:
        rate = self.on_time_rate
        return {
            "key": self.key,
            "name": self.name,
            "handed_over": self.handed_over,
            "on_time": self.on_time,
            "late": self.late,
            "pending_late": self.pending_late,
            "pending": self.pending,
            "on_time_rate": None if rate is None else round(rate, 4),
        }


HANDOVER_FIELDS = ("handed_over", "on_time", "late", "pending_late", "pending")


def handover_performance(
    tasks: TaskQuerySet, *, as_of: date
) -> tuple[list[HandoverRow], HandoverRow]:
    """Per tracking officer: hand-overs within the Art. 7.1 limit, late, pending.

    Uses the task list's own `handover_status` annotation, so each number is
    what the list shows under `handover=<status>`. Two queries: the counts,
    then the officers' names.
    """
    qs = (
        with_handover_status(tasks, as_of)
        .order_by()
        .values("tracking_officer_id", "handover_status")
        .annotate(n=Count("pk"))
    )
    rows: dict[int | None, HandoverRow] = {}
    for values in qs:
        status = values["handover_status"]
        if status is None:  # sub-tasks and cancelled tasks
            continue
        key = values["tracking_officer_id"]
        row = rows.setdefault(key, HandoverRow(key, ""))
        setattr(row, status, values["n"])
    names = _user_names({k for k in rows if k is not None})
    for key, row in rows.items():
        row.name = names.get(key, "") if key is not None else _("No tracking officer")
        row.handed_over = row.on_time + row.late
    ordered = sorted(
        rows.values(), key=lambda r: (r.key is None, -r.late - r.pending_late, r.name)
    )
    totals = HandoverRow(None, _("Total"))
    for name in HANDOVER_FIELDS:
        setattr(totals, name, sum(getattr(r, name) for r in ordered))
    return ordered, totals


# -- usage of the system by each agency (Art. 13) -----------------------------


@dataclass
class UsageRow:
    key: int
    name: str
    accounts: int = 0
    active_users: int = 0
    sign_ins: int = 0
    reports_filed: int = 0
    reports_due: int = 0
    reports_on_time: int = 0
    reports_late: int = 0
    reports_missing: int = 0

    @property
    def on_time_rate(self) -> float | None:
        return self.reports_on_time / self.reports_due if self.reports_due else None

    def as_dict(self) -> dict:
        rate = self.on_time_rate
        return {
            "key": self.key,
            "name": self.name,
            **{f: getattr(self, f) for f in USAGE_FIELDS},
            "on_time_rate": None if rate is None else round(rate, 4),
        }


USAGE_FIELDS = (
    "accounts",
    "active_users",
    "sign_ins",
    "reports_filed",
    "reports_due",
    "reports_on_time",
    "reports_late",
    "reports_missing",
)


def _day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Aware datetimes covering [start, end] in the local time zone."""
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def usage(
    *, start: date, end: date, as_of: date, agencies: QuerySet[Agency] | None = None
) -> tuple[list[UsageRow], UsageRow]:
    """Art. 13: per agency, accounts, active users, sign-ins and report timeliness.

    Sign-ins are successful web sign-ins (django-axes' access log) in
    [start, end]; active users are the distinct accounts among them. Reports
    filed are progress reports written in the period by the agency's people.
    Reports due are top-level tasks led by the agency whose Art. 7.2a report
    date falls in the period, up to `as_of`; one is on time when a progress
    report was filed no later than that date. Five queries in all.
    """
    since, until = _day_bounds(start, end)
    agencies = (
        agencies if agencies is not None else Agency.objects.active()
    ).order_by()
    names: dict[int, str] = {}
    rows: dict[int, UsageRow] = {}
    for pk, name, kind in agencies.values_list("pk", "name", "kind"):
        names[pk] = name
        # Departments and localities are listed even when they never signed in.
        if kind in (Agency.Kind.DEPARTMENT, Agency.Kind.LOCALITY):
            rows[pk] = UsageRow(pk, name)

    def row(agency_id: int | None) -> UsageRow | None:
        if agency_id not in names:
            return None
        if agency_id not in rows:
            rows[agency_id] = UsageRow(agency_id, names[agency_id])
        return rows[agency_id]

    accounts = (
        User.objects.filter(is_active=True, agency_id__in=agencies.values("pk"))
        .order_by()
        .values("agency_id")
        .annotate(n=Count("pk"))
    )
    for values in accounts:
        if (r := row(values["agency_id"])) is not None:
            r.accounts = values["n"]

    agency_of = User.objects.filter(username=OuterRef("username")).values("agency_id")[
        :1
    ]
    sign_ins = (
        AccessLog.objects.filter(attempt_time__gte=since, attempt_time__lt=until)
        .annotate(agency_id=agency_of)
        .order_by()
        .values("agency_id")
        .annotate(n=Count("pk"), users=Count("username", distinct=True))
    )
    for values in sign_ins:
        if (r := row(values["agency_id"])) is not None:
            r.sign_ins = values["n"]
            r.active_users = values["users"]

    filed = (
        ProgressReport.objects.filter(at__gte=since, at__lt=until)
        .order_by()
        .values("by__agency_id")
        .annotate(n=Count("pk"))
    )
    for values in filed:
        if (r := row(values["by__agency_id"])) is not None:
            r.reports_filed = values["n"]

    last_due = min(end, as_of)
    local_reports = ProgressReport.objects.annotate(on=TruncDate("at")).filter(
        task=OuterRef("pk"), on__lte=as_of
    )
    due = (
        Task.objects.reportable()
        .filter(parent__isnull=True, report_due__gte=start, report_due__lte=last_due)
        .annotate(
            on_time=Exists(local_reports.filter(on__lte=OuterRef("report_due"))),
            any_report=Exists(local_reports),
        )
        .order_by()
        .values("lead_agency_id")
        .annotate(
            n=Count("pk"),
            on_time_n=Count("pk", filter=Q(on_time=True)),
            filed_n=Count("pk", filter=Q(any_report=True)),
        )
    )
    for values in due:
        if (r := row(values["lead_agency_id"])) is not None:
            r.reports_due = values["n"]
            r.reports_on_time = values["on_time_n"]
            r.reports_late = values["filed_n"] - values["on_time_n"]
            r.reports_missing = values["n"] - values["filed_n"]

    ordered = sorted(rows.values(), key=lambda r: r.name)
    totals = UsageRow(0, _("Total"))
    for name in USAGE_FIELDS:
        setattr(totals, name, sum(getattr(r, name) for r in ordered))
    return ordered, totals
