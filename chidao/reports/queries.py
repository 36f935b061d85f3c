"""The one query layer behind every number: dashboards, lists, API and files.

Each function takes a task queryset that the caller has already narrowed
(visibility, filters of the task list) and returns plain rows. Each table is
one aggregate query, so the number of queries never grows with the number of
agencies or tasks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from axes.models import AccessLog
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.accounts.models import User
from chidao.agencies.models import Agency
from chidao.directives.models import Directive
from chidao.tasks import history, periodic, reach, rollup, standing
from chidao.tasks.models import (
    PeriodicUpdate,
    ProgressReport,
    Sector,
    Task,
    TaskEvent,
    TaskHistory,
)
from chidao.tasks.selectors import InList, filter_tasks
from chidao.tasks.standing import ReportStatus

if TYPE_CHECKING:
    from chidao.tasks.models import TaskQuerySet

STATUSES: tuple[str, ...] = tuple(ReportStatus.values)
# Beside the statuses: Art. 10.4 extensions and the Art. 7.2b periodic updates.
EXTRA_COUNTS = ("within_original", "within_extension", *periodic.OUTCOMES)

# group_by → the column that keys the group, as it was on the report's day.
GROUPS: dict[str, str] = {
    "agency": "h__lead_agency_id",
    "leader": "directive__directing_leader_id",
    "sector": "h__sector_id",
}
GROUP_BY_CHOICES = tuple(GROUPS)


@dataclass
class SummaryRow:
    """Counts per report status of one group (or of everything: the totals)."""

    key: int | None
    name: str
    counts: dict[str, int] = field(default_factory=dict)
    # EXTRA_COUNTS: extensions (Art. 10.4) and periodic updates (Art. 7.2b).
    extra: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.get(s, 0) for s in STATUSES)

    @property
    def done(self) -> int:
        return sum(self.counts.get(s, 0) for s in standing.DONE)

    @property
    def due(self) -> int:
        """Tasks due by the day: the on-time rate's denominator."""
        return sum(self.counts.get(s, 0) for s in standing.RATED)

    @property
    def overdue_open(self) -> int:
        """Open past the deadline, accepted or not (Art. 5.1g "quá hạn")."""
        return sum(self.counts.get(s, 0) for s in standing.OPEN_OVERDUE)

    @property
    def updates_due(self) -> int:
        return sum(self.extra.get(s, 0) for s in periodic.OUTCOMES)

    @property
    def on_time_rate(self) -> float | None:
        """Done on time ÷ every task due by the day (standing.on_time_rate)."""
        return standing.on_time_rate(self.counts)

    def __getattr__(self, name: str) -> int:
        # Templates read row.overdue, row.done_on_time, row.missed, ...
        if name in STATUSES:
            return self.counts.get(name, 0)
        if name in EXTRA_COUNTS:
            return self.extra.get(name, 0)
        raise AttributeError(name)

    def as_dict(self) -> dict:
        rate = self.on_time_rate
        return {
            "key": self.key,
            "name": self.name,
            "total": self.total,
            **{s: self.counts.get(s, 0) for s in STATUSES},
            "due": self.due,
            "overdue_open": self.overdue_open,
            "on_time_rate": None if rate is None else round(rate, 4),
            "done_within_original_deadline": self.extra.get("within_original", 0),
            "done_within_extended_deadline": self.extra.get("within_extension", 0),
            "periodic_updates": {
                "due": self.updates_due,
                **{o: self.extra.get(o, 0) for o in periodic.OUTCOMES},
            },
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


def _rank_key(row: SummaryRow) -> tuple:
    # Best first: highest on-time rate, then fewest open overdue, most tasks,
    # name; an agency with nothing due yet ("—") after every one with a rate.
    rate = row.on_time_rate
    return (rate is None, -(rate or 0.0), row.overdue_open, -row.total, row.name)


def period_params(start: date, end: date, as_of: date) -> dict[str, object]:
    """The task-list filters of a report period (see `tasks.forms.TaskFilterForm`)."""
    return {"issued_from": start, "issued_to": end, "as_of": as_of}


def report_tasks(user: User, params: dict, *, as_of: date) -> TaskQuerySet:
    """The tasks behind every report number: what the task list shows for
    `params` plus `counted` (handed over, not cancelled, not a sub-task)."""
    qs = reach.visible_tasks(user).with_standing(as_of)
    return filter_tasks(qs, {**params, "counted": True}, as_of=as_of)


def handover_tasks(user: User, params: dict, *, as_of: date) -> TaskQuerySet:
    """The tasks behind the Office's hand-over numbers (drafts included)."""
    qs = reach.visible_tasks(user).with_standing(as_of)
    return filter_tasks(qs, {**params, "counted": False}, as_of=as_of)


def _with_status(tasks: TaskQuerySet, as_of: date) -> TaskQuerySet:
    """The tasks in a status on `as_of` (handed over, not cancelled); whether
    sub-tasks count is the caller's filter (`counted` in `report_tasks`)."""
    return tasks._standing(as_of).filter(report_status__isnull=False)


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
    tasks: TaskQuerySet,
    *,
    as_of: date,
    groups: tuple[str, ...],
    also: tuple[tuple[str, ...], ...] = (),
    counts: Iterable[tuple[tuple[str, ...], dict]] | None = None,
) -> dict[str, SummaryResult]:
    """Counts per report status for several groupings, from ONE query.

    The query groups by every grouping's key and the status; each grouping is
    then summed up here, and named by one small query. Meant for groupings
    whose product stays small (directing leader x sector); `summary` is the
    one-grouping case. `also` adds more such sets of groupings read in the
    same pass over the tasks: on PostgreSQL one query with GROUPING SETS, so
    the dashboard reads its period once (issue 12); elsewhere one query per set.
    `counts` gives the status counts instead (the roll-up, `period_summaries`).
    """
    sets = (groups, *also)
    for group_by in (g for one in sets for g in one):
        if group_by not in GROUPS:
            raise ValueError(f"Unknown grouping {group_by!r}.")
    groups_rows: dict[str, dict[int | None, SummaryRow]] = {
        g: {} for one in sets for g in one
    }

    def row_of(group_by: str, key: int | None) -> SummaryRow:
        rows = groups_rows[group_by]
        if key not in rows:
            rows[key] = SummaryRow(
                key, "", dict.fromkeys(STATUSES, 0), dict.fromkeys(EXTRA_COUNTS, 0)
            )
        return rows[key]

    qs = _with_status(tasks, as_of).order_by()
    for one, values in _status_counts(qs, sets) if counts is None else counts:
        status, n = values["report_status"], values["n"]
        for group_by in one:
            row = row_of(group_by, values[GROUPS[group_by]])
            row.counts[status] += n
            if status == ReportStatus.DONE_ON_TIME:
                row.extra["within_original"] += values["within_original"]
                row.extra["within_extension"] += n - values["within_original"]
    # Every grouping's keys in one pass over the updates due, summed per
    # grouping here (one query per set read the period's tasks again).
    every = tuple(dict.fromkeys(g for one in sets for g in one))
    for values in _update_outcomes(qs, as_of, every):
        for group_by in every:
            row_of(group_by, values[f"g_{group_by}"]).extra[values["outcome"]] += (
                values["n"]
            )
    results = {}
    for group_by, named in groups_rows.items():
        names = _names(group_by, {k for k in named if k is not None})
        rows = list(named.values())
        for row in rows:
            row.name = (
                names.get(row.key, "")
                if row.key is not None
                else _unassigned_label(group_by)
            )
        rows.sort(key=_rank_key)
        totals = SummaryRow(
            None,
            _("Total"),
            {k: sum(r.counts[k] for r in rows) for k in STATUSES},
            {k: sum(r.extra[k] for r in rows) for k in EXTRA_COUNTS},
        )
        results[group_by] = SummaryResult(rows, totals, group_by)
    return results


def period_summaries(
    user: User,
    params: dict,
    *,
    as_of: date,
    groups: tuple[str, ...],
    also: tuple[tuple[str, ...], ...] = (),
) -> dict[str, SummaryResult]:
    """`summaries` of the report tasks for `params`: what the dashboard, the
    summary API and the periodic report show.

    Counted from the standing roll-up (`tasks.rollup`, issue 12) when it holds
    the answer: as of today, for someone who sees every task, a period of
    whole issue months (or one whose months hold no other directive), and no
    other filter. Otherwise from the history, task by task; both give the same
    numbers (tests/test_rollup.py).
    """
    tasks = report_tasks(user, params, as_of=as_of)
    sets = (groups, *also)
    span = _rollup_span(user, params, as_of, sets)
    counts = None if span is None else _rollup_counts(sets, as_of, *span)
    return summaries(tasks, as_of=as_of, groups=groups, also=also, counts=counts)


# The parameters the roll-up answers: the period and the day.
_ROLLUP_PARAMS = {"issued_from", "issued_to", "as_of", "counted"}
# Which stored grouping holds which of GROUPS.
_ROLLUP_GROUPINGS = {
    rollup.AGENCY: {"agency"},
    rollup.LEADER_SECTOR: {"leader", "sector"},
}


def _everything_today(user: User, params: dict, as_of: date) -> bool:
    """Every task, as of today, only the period: what the roll-up and the
    open history rows answer."""
    return (
        getattr(user, "reads_all", False)
        and as_of == timezone.localdate()
        and not any(v for name, v in params.items() if name not in _ROLLUP_PARAMS)
    )


def _one_agency_today(
    user: User, params: dict, as_of: date, sets: tuple[tuple[str, ...], ...]
) -> int | None:
    """The lead agency whose figures of today the roll-up answers (grouped by
    agency, only the period besides): any for those who read every task; for
    an agency's user its own or a unit's, all of whose counted tasks it sees
    (`visible_to`) while the open history rows hold today (no clock set back)."""
    lead = params.get("lead_agency")
    lead = getattr(lead, "pk", lead)
    if not lead or as_of != timezone.localdate() or set(sets) != {("agency",)}:
        return None
    if any(
        v for name, v in params.items() if name not in {*_ROLLUP_PARAMS, "lead_agency"}
    ):
        return None
    if getattr(user, "reads_all", False):
        return lead
    if user.agency_id is None or lead not in Agency.objects.subtree_ids(user.agency_id):
        return None
    return lead if history.open_rows_hold(as_of) else None


def _rollup_span(
    user: User, params: dict, as_of: date, sets: tuple[tuple[str, ...], ...]
) -> tuple[date | None, date | None, int | None] | None:
    """(start, end, lead agency or None) the roll-up answers, else None."""
    agency = _one_agency_today(user, params, as_of, sets)
    if agency is None and not _everything_today(user, params, as_of):
        return None
    if not all(
        any(set(one) <= held for held in _ROLLUP_GROUPINGS.values()) for one in sets
    ):
        return None
    start, end = params.get("issued_from"), params.get("issued_to")
    # The counts are per issue month: a period cutting a month is answered
    # only if the cut-off part of the month holds no directive.
    outside = Q()
    if start is not None and start.day != 1:
        outside |= Q(issued_on__gte=start.replace(day=1), issued_on__lt=start)
    if end is not None and (end + timedelta(days=1)).day != 1:
        next_month = (end.replace(day=1) + timedelta(days=32)).replace(day=1)
        outside |= Q(issued_on__gt=end, issued_on__lt=next_month)
    if outside and Directive.objects.filter(outside).exists():
        return None
    return start, end, agency


def _rollup_counts(
    sets: tuple[tuple[str, ...], ...],
    as_of: date,
    start: date | None,
    end: date | None,
    agency: int | None,
) -> Iterator[tuple[tuple[str, ...], dict]]:
    """The roll-up's rows in `_status_counts`' shape (a key of 0 is None)."""
    held_by = {
        one: next(g for g, held in _ROLLUP_GROUPINGS.items() if set(one) <= held)
        for one in sets
    }
    rows = rollup.counts(
        set(held_by.values()), as_of=as_of, start=start, end=end, agency=agency
    )
    for grouping, key_a, key_b, status, n, within in rows:
        if grouping == rollup.AGENCY:
            keys = {GROUPS["agency"]: key_a or None}
        else:
            keys = {GROUPS["leader"]: key_a or None, GROUPS["sector"]: key_b or None}
        values = {**keys, "report_status": status, "n": n, "within_original": within}
        for one in sets:
            if held_by[one] == grouping:
                yield one, values


def _status_counts(
    qs: TaskQuerySet, sets: tuple[tuple[str, ...], ...]
) -> Iterator[tuple[tuple[str, ...], dict]]:
    """(set of groupings, {group columns, report_status, n, within_original})."""
    within = Count("pk", filter=_WITHIN_ORIGINAL)
    if len(sets) == 1 or connection.vendor != "postgresql":
        for one in sets:
            columns = [GROUPS[g] for g in one]
            for values in qs.values(*columns, "report_status").annotate(
                n=Count("pk"), within_original=within
            ):
                yield one, values
        return
    # One pass: the rows with their keys, grouped by every set at once.
    names = sorted({GROUPS[g] for one in sets for g in one})
    alias = {name: f"g{n}" for n, name in enumerate(names)}
    inner = qs.annotate(
        **{alias[name]: F(name) for name in names},
        g_status=F("report_status"),
        g_within=Case(When(_WITHIN_ORIGINAL, then=Value(1)), default=Value(0)),
    ).values(*alias.values(), "g_status", "g_within")
    sql, params = inner.query.sql_with_params()
    listed = ", ".join(alias.values())
    grouping_sets = ", ".join(
        "(" + ", ".join([*(alias[GROUPS[g]] for g in one), "g_status"]) + ")"
        for one in sets
    )
    outer = (
        f"SELECT {listed}, g_status, GROUPING({listed}), count(*), "  # noqa: S608 - names are ours
        f"sum(g_within) FROM ({sql}) AS s GROUP BY GROUPING SETS ({grouping_sets})"
    )
    # Which set a row belongs to: GROUPING() is 1 for each column left out.
    masks = {}
    for one in sets:
        kept = {alias[GROUPS[g]] for g in one}
        bits = 0
        for column in alias.values():
            bits = bits * 2 + (0 if column in kept else 1)
        masks[bits] = one
    with connection.cursor() as cursor:
        cursor.execute(outer, params)
        for *keys, status, mask, n, within_n in cursor.fetchall():
            values = dict(zip(names, keys, strict=True))
            values.update(report_status=status, n=n, within_original=within_n or 0)
            yield masks[mask], values


# Art. 10.4: done on time within the deadline first set, not only the extended.
_WITHIN_ORIGINAL = standing.within_original_q()


def _as_of_history(as_of: date) -> QuerySet[TaskHistory]:
    # One row is valid on a day; ordered on its own column, not the model's
    # ("task" first: a join to the tasks per row for nothing).
    return TaskHistory.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=as_of),
        task=OuterRef("task_id"),
        valid_from__lte=as_of,
    ).order_by("valid_from")


def _update_outcomes(
    tasks: TaskQuerySet, as_of: date, groups: tuple[str, ...]
) -> QuerySet:
    """Art. 7.2b outcomes of the periods due by `as_of`, per group key."""
    keys = {
        "agency": Subquery(_as_of_history(as_of).values("lead_agency_id")[:1]),
        "leader": F("task__directive__directing_leader_id"),
        "sector": Subquery(_as_of_history(as_of).values("sector_id")[:1]),
    }
    due = PeriodicUpdate.objects.filter(due_on__lt=as_of, starts_on__lte=as_of)
    # The period's tasks with an update due: a semi-join the planner sizes.
    # An `InList` array of every update due (42k at 1M) is planned as ten
    # elements: 0.26 s against 0.11 s for this quarter's dashboard, 5–10%
    # faster for a year or all time, where ~40k updates' outcomes are
    # computed either way (issue 12, measured 04/12/2026).
    with_due = tasks.filter(pk__in=due.order_by().values("task_id"))
    updates = periodic.with_outcome(
        due.filter(task__in=with_due.values("pk")), as_of
    ).exclude(outcome="pending")
    return (
        updates.annotate(**{f"g_{g}": keys[g] for g in groups})
        .order_by()
        .values(*(f"g_{g}" for g in groups), "outcome")
        .annotate(n=Count("pk"))
    )


def summary(
    tasks: TaskQuerySet, *, as_of: date, group_by: str | None = None
) -> SummaryResult:
    """Counts per report status as of `as_of`, per group, in one query.

    Only reportable tasks count (handed over, not cancelled). The query groups
    by (group, status) and the rows are pivoted here, which keeps the status
    expression evaluated once per task. The totals are the sum of the rows.
    """
    if group_by is None:
        # One group holding everything: the same query as any grouping.
        result = summaries(tasks, as_of=as_of, groups=("leader",))["leader"]
        return SummaryResult([], result.totals)
    return summaries(tasks, as_of=as_of, groups=(group_by,))[group_by]


def period_summary(
    user: User, params: dict, *, as_of: date, group_by: str | None = None
) -> SummaryResult:
    """`summary` of the report tasks for `params`, as `period_summaries` counts."""
    one = (group_by or "leader",)
    result = period_summaries(user, params, as_of=as_of, groups=one)[one[0]]
    return result if group_by else SummaryResult([], result.totals)


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
        .filter(report_status__in=standing.OPEN_OVERDUE)
        .annotate(as_of_deadline=F("h__deadline"))
        .select_related("directive", "lead_agency")
        .order_by("h__deadline", "pk")[:limit]
    )


def period_overdue_tasks(
    user: User, params: dict, *, as_of: date, limit: int = 10
) -> list[Task]:
    """`overdue_tasks` of the report tasks for `params` (the dashboard's ten).

    As of today for someone who reads every task, the row valid on the day is
    each task's open history row, unless one begins after today (a clock set
    back: checked through `task_history_open_from_idx`), and the open row is
    the task's own columns (`history.check`). Those are read without the
    history: for all time by walking the deadlines from the oldest (1 ms at 1M
    instead of 1.8 s), for a bounded period through the period's directives.
    Otherwise, or if unsure, as `overdue_tasks`.
    """
    if not _everything_today(user, params, as_of) or not history.open_rows_hold(as_of):
        tasks = report_tasks(user, params, as_of=as_of)
        return overdue_tasks(tasks, as_of=as_of, limit=limit)
    start, end = params.get("issued_from"), params.get("issued_to")
    rows = Task.objects.filter(standing.overdue_q(as_of, prefix="")).exclude(
        parent__isnull=False
    )
    issued = {}
    if start is not None:
        issued["issued_on__gte"] = start
    if end is not None:
        issued["issued_on__lte"] = end
    if start is not None and Directive.objects.filter(issued_on__lt=start).exists():
        # A bounded period: its own tasks, through the directive index.
        directives = Directive.objects.filter(**issued).values("pk")
        rows = rows.filter(InList(F("directive_id"), Subquery(directives)))
    else:
        # Every directive up to `end`: the oldest open deadlines first.
        rows = rows.filter(**{f"directive__{k}": v for k, v in issued.items()})
    # The ten first from the task rows alone, then joined: joining every
    # overdue task of a year before sorting took 160 ms at 1M.
    ids = list(rows.order_by("deadline", "pk").values_list("pk", flat=True)[:limit])
    found = list(
        Task.objects.filter(pk__in=ids)
        .annotate(as_of_deadline=F("deadline"), as_of_state=F("state"))
        .select_related("directive", "lead_agency")
        .order_by("deadline", "pk")
    )
    for task in found:
        # standing.status_of on today's columns: open, past the deadline.
        task.report_status = standing.status_of(
            task.as_of_state, task.as_of_deadline, None, None, as_of
        )
    return found


def overdue_rows(
    tasks: TaskQuerySet, *, as_of: date, limit: int | None = None
) -> list[dict]:
    """`overdue_tasks` as plain rows for documents: no model instances, so a
    list of tens of thousands stays cheap. `as_of_deadline` is the deadline in
    force on `as_of` (from the history)."""
    qs = (
        _with_status(tasks, as_of)
        .filter(report_status__in=standing.OPEN_OVERDUE)
        .order_by("h__deadline", "pk")
        .values(
            "pk",
            "content",
            "directive__number",
            "directive__issued_on",
            lead_agency_name=F("h__lead_agency__name"),
            as_of_deadline=F("h__deadline"),
        )
    )
    return list(qs[:limit] if limit is not None else qs)


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
    # Art. 8.2: completions reported and not yet confirmed by the Office.
    awaiting_confirmation: int = 0

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.handed_over if self.handed_over else None

    def as_dict(self) -> dict:
        rate = self.on_time_rate
        return {
            "key": self.key,
            "name": self.name,
            **{name: getattr(self, name) for name in HANDOVER_FIELDS},
            "on_time_rate": None if rate is None else round(rate, 4),
        }


HANDOVER_FIELDS = (
    "handed_over",
    "on_time",
    "late",
    "pending_late",
    "pending",
    "awaiting_confirmation",
)


def period_handover(
    user: User, params: dict, *, as_of: date
) -> tuple[list[HandoverRow], HandoverRow]:
    """`handover_performance` of the hand-over tasks for `params`, from the
    standing roll-up when it holds the answer (as `period_summaries`)."""
    tasks = handover_tasks(user, params, as_of=as_of)
    span = _rollup_span(user, params, as_of, ())
    if span is None:
        return handover_performance(tasks, as_of=as_of)
    counts = (
        {
            "h__tracking_officer_id": key_a or None,
            "handover_status": status,
            "n": n,
            "awaiting": awaiting,
        }
        for _g, key_a, _b, status, n, awaiting in rollup.counts(
            (rollup.HANDOVER,), as_of=as_of, start=span[0], end=span[1]
        )
    )
    return handover_performance(tasks, as_of=as_of, counts=counts)


def handover_performance(
    tasks: TaskQuerySet, *, as_of: date, counts: Iterable[dict] | None = None
) -> tuple[list[HandoverRow], HandoverRow]:
    """Per tracking officer: hand-overs within the Art. 7.1 limit, late, pending.

    Uses the task list's own `handover_status` annotation, so each number is
    what the list shows under `handover=<status>`. Two queries: the counts,
    then the officers' names. `counts` gives the counts instead (the roll-up).
    """
    qs = (
        tasks.with_handover_status(as_of)
        .order_by()
        .values("h__tracking_officer_id", "handover_status")
        .annotate(
            n=Count("pk"),
            awaiting=Count("pk", filter=Q(report_status__in=standing.AWAITING)),
        )
    )
    rows: dict[int | None, HandoverRow] = {}
    for values in qs if counts is None else counts:
        status = values["handover_status"]
        if status is None:  # sub-tasks and cancelled tasks
            continue
        key = values["h__tracking_officer_id"]
        row = rows.setdefault(key, HandoverRow(key, ""))
        setattr(row, status, values["n"])
        row.awaiting_confirmation += values["awaiting"]
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
    # Steps recorded on tasks by the agency's people, through the pages or
    # the API alike (issue 15: an agency working through the API is active).
    actions: int = 0
    reports_filed: int = 0
    reports_due: int = 0
    reports_on_time: int = 0
    reports_late: int = 0
    reports_missing: int = 0
    updates_due: int = 0
    updates_on_time: int = 0
    updates_late: int = 0
    updates_missed: int = 0

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
    "actions",
    "reports_filed",
    "reports_due",
    "reports_on_time",
    "reports_late",
    "reports_missing",
    "updates_due",
    "updates_on_time",
    "updates_late",
    "updates_missed",
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
    [start, end]; actions are the steps the agency's people recorded on tasks
    (task events), through the pages or the API; active users are the distinct
    accounts that signed in or acted. Reports
    filed are progress reports written in the period by the agency's people.
    Reports due are counted tasks led by the agency whose Art. 7.2a report
    date falls in the period and before `as_of`; one is on time when a progress
    report was filed no later than that date (the rule of `standing`). Updates
    are the Art. 7.2b periods due in the period. Nine queries in all.
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
        .annotate(n=Count("pk"))
    )
    for values in sign_ins:
        if (r := row(values["agency_id"])) is not None:
            r.sign_ins = values["n"]

    acted = (
        TaskEvent.objects.filter(at__gte=since, at__lt=until, actor__isnull=False)
        .order_by()
        .values("actor__agency_id")
        .annotate(n=Count("pk"))
    )
    for values in acted:
        if (r := row(values["actor__agency_id"])) is not None:
            r.actions = values["n"]

    # Active: signed in on the pages, or acted on a task (pages or API) — one
    # person counted once. Both lists are bounded by the number of accounts.
    active: dict[int, set[str]] = {}
    for agency_id, username in (
        AccessLog.objects.filter(attempt_time__gte=since, attempt_time__lt=until)
        .annotate(agency_id=agency_of)
        .order_by()
        .values_list("agency_id", "username")
        .distinct()
    ):
        active.setdefault(agency_id, set()).add(username)
    for agency_id, username in (
        TaskEvent.objects.filter(at__gte=since, at__lt=until, actor__isnull=False)
        .order_by()
        .values_list("actor__agency_id", "actor__username")
        .distinct()
    ):
        active.setdefault(agency_id, set()).add(username)
    for agency_id, usernames in active.items():
        if (r := row(agency_id)) is not None:
            r.active_users = len(usernames)

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
    counted = Task.objects.counted(as_of)
    due = (
        counted.filter(h__report_due__gte=start, h__report_due__lt=last_due)
        .annotate(
            on_time=standing.report_filed_q(ProgressReport, as_of),
            any_report=Exists(
                ProgressReport.objects.filter(task=OuterRef("pk"), filed_on__lte=as_of)
            ),
        )
        .order_by()
        .values("h__lead_agency_id")
        .annotate(
            n=Count("pk"),
            on_time_n=Count("pk", filter=Q(on_time=True)),
            filed_n=Count("pk", filter=Q(any_report=True)),
        )
    )
    for values in due:
        if (r := row(values["h__lead_agency_id"])) is not None:
            r.reports_due = values["n"]
            r.reports_on_time = values["on_time_n"]
            r.reports_late = values["filed_n"] - values["on_time_n"]
            r.reports_missing = values["n"] - values["filed_n"]

    # Art. 7.2b: the periodic updates due in the period, as the summary counts.
    updates = periodic.with_outcome(
        PeriodicUpdate.objects.filter(
            task__in=counted.values("pk"), due_on__gte=start, due_on__lt=last_due
        ),
        as_of,
    ).exclude(outcome="pending")
    for values in (
        updates.annotate(
            agency_id=Subquery(_as_of_history(as_of).values("lead_agency_id")[:1])
        )
        .order_by()
        .values("agency_id", "outcome")
        .annotate(n=Count("pk"))
    ):
        if (r := row(values["agency_id"])) is not None:
            setattr(r, f"updates_{values['outcome']}", values["n"])
            r.updates_due += values["n"]

    ordered = sorted(rows.values(), key=lambda r: r.name)
    totals = UsageRow(0, _("Total"))
    for name in USAGE_FIELDS:
        setattr(totals, name, sum(getattr(r, name) for r in ordered))
    return ordered, totals
