"""Per-month counts of the standing as of today, kept with the history (issue 12).

The dashboard and the summary API count a period's tasks by report status,
and the dashboard the Office's hand-overs by tracking officer. Read from the
history that means evaluating every task of the period (a million for "all
time"); these counts hold the same numbers pre-summed per issue month and
(lead agency), (directing leader, sector) or (tracking officer), as of one
day, the roll-up's day:

- every history write (`history.record`, `history.correct`) moves its task
  from its old row to its new one in the same transaction (`moved`);
- a directive's new issue date, directing leader or hand-over limit moves
  its tasks, a deleted task leaves (`receivers`, `handover`);
- a new day moves what changes with the date alone (`advance`): open tasks
  whose deadline has just passed become overdue, tasks not handed over whose
  limit has just passed become late;
- `rebuild` recomputes everything from the history, `check` compares.

Each change is computed in Python (`contributions`, standing.py's plain
rules); `rebuild` and `check` use the database expressions, their twins.
Status is still computed, never typed in: this is a derived copy that
`check` (and `manage.py check_history`, nightly `keep`) verifies against the
history. What the counts cannot answer (another day, filters, one agency's
view) is counted from the history as before.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from . import standing
from .models import StandingCount, StandingRollup, Task, TaskHistory

log = logging.getLogger(__name__)

AGENCY = StandingCount.Grouping.AGENCY
LEADER_SECTOR = StandingCount.Grouping.LEADER_SECTOR
HANDOVER = StandingCount.Grouping.HANDOVER
# (grouping, month, key_a, key_b, status)
Key = tuple[int, date, int, int, str]
# Per key: [tasks, extra] to add (or, for `_grouped`, the whole count).
Deltas = defaultdict[Key, list[int]]


def _deltas() -> Deltas:
    return defaultdict(lambda: [0, 0])


@dataclass(frozen=True)
class DirectiveKeys:
    """What a task's counts read of its directive."""

    issued_on: date
    leader_id: int | None
    handover_due: date | None


def contributions(
    values: dict, *, parent_id: int | None, directive: DirectiveKeys, as_of: date
) -> list[tuple[Key, int, int]]:
    """(key, tasks, extra) one task adds to the counts on `as_of`, from its
    history row's `values`: its report status by agency and by leader x
    sector (extra: done within the first deadline), and its hand-over
    standing by tracking officer (extra: awaiting confirmation). The same
    rules as the database expressions `rebuild` and `check` use."""
    if parent_id is not None:
        return []  # a sub-task counts through its parent
    month = directive.issued_on.replace(day=1)
    status = standing.status_of(
        values["state"],
        values["deadline"],
        values["completed_on"],
        values["confirmed_on"],
        as_of,
    )
    found: list[tuple[Key, int, int]] = []
    if status is not None:
        within = int(
            standing.is_within_original(
                status,
                values["original_deadline"],
                values["completed_on"],
                values["confirmed_on"],
            )
        )
        agency = values["lead_agency_id"] or 0
        sector = values["sector_id"] or 0
        found.append(((AGENCY, month, agency, 0, str(status)), 1, within))
        leader = directive.leader_id or 0
        found.append(((LEADER_SECTOR, month, leader, sector, str(status)), 1, within))
    handover = standing.handover_status_of(
        values["state"],
        values["handed_over_on"],
        directive.handover_due,
        as_of,
        is_subtask=False,
    )
    if handover is not None:
        awaiting = int(status in standing.AWAITING)
        officer = values["tracking_officer_id"] or 0
        found.append(((HANDOVER, month, officer, 0, handover), 1, awaiting))
    return found


def add(deltas: Deltas, found: Iterable[tuple[Key, int, int]], sign: int) -> None:
    for key, n, extra in found:
        deltas[key][0] += sign * n
        deltas[key][1] += sign * extra


def apply(deltas: Deltas) -> None:
    """Add `deltas` to the stored counts, in one statement (keys sorted, so two
    writers take the rows' locks in the same order)."""
    rows = {k: v for k, v in deltas.items() if v != [0, 0]}
    if not rows:
        return
    table = StandingCount._meta.db_table
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(rows))
    params: list[object] = []
    for key in sorted(rows):
        params += [*key, *rows[key]]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (grouping, month, key_a, key_b, status, n, extra) "  # noqa: S608 - our table
            f"VALUES {values} "
            "ON CONFLICT (grouping, month, key_a, key_b, status) DO UPDATE SET "
            f"n = {table}.n + excluded.n, extra = {table}.extra + excluded.extra",
            params,
        )


# -- the roll-up's day ----------------------------------------------------------


def _day(lock: str = "") -> date | None:
    """The roll-up's day (None: not built, or set aside), the row locked FOR
    SHARE / FOR UPDATE if asked (PostgreSQL; SQLite serialises writers)."""
    table = StandingRollup._meta.db_table
    suffix = f" FOR {lock}" if lock and connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT day FROM {table} WHERE id = 1{suffix}", [])  # noqa: S608
        row = cursor.fetchone()
    day = row[0] if row else None
    if isinstance(day, str):  # SQLite through a raw cursor
        day = date.fromisoformat(day)
    return day


def _set_day(day: date | None) -> None:
    StandingRollup.objects.update_or_create(
        pk=1, defaults={"day": day, "built_at": timezone.now()}
    )


def writing_day(today: date) -> date | None:
    """The day a write in this transaction keeps the counts for, or None when
    they are not kept (not built, or set aside until rebuilt).

    Takes the roll-up row FOR SHARE: writers never wait for one another, and
    `advance` / `rebuild` (FOR UPDATE) wait until they have committed.
    """
    seen = _day()
    if seen is not None and seen < today:
        with transaction.atomic():
            seen = _day("UPDATE")
            if seen is not None and seen < today:
                advance(seen, today)
                seen = today
        return seen
    seen = _day("SHARE")
    if seen is None:
        return None
    if seen != today:
        # The clock went back (or another server's runs behind): the counts
        # can no longer be kept; the next reader rebuilds them.
        log.warning("standing roll-up of %s set aside on %s", seen, today)
        with transaction.atomic():
            _set_day(None)
        return None
    return seen


def reading_day(today: date) -> date:
    """Make the counts hold `today` (advance or rebuild them) and return it."""
    if _day() == today:
        return today
    with transaction.atomic():
        seen = _day("UPDATE")
        if seen is not None and seen < today:
            advance(seen, today)
        elif seen != today:
            rebuild(today)
    return today


# -- keeping, moving, rebuilding ----------------------------------------------

ROW_FIELDS = (
    "task_id",
    "state",
    "deadline",
    "original_deadline",
    "completed_on",
    "confirmed_on",
    "handed_over_on",
    "lead_agency_id",
    "sector_id",
    "tracking_officer_id",
)


def _valid_rows(day: date, **filters: object) -> Iterator[dict]:
    """The history rows valid on `day`, with their task's parent and directive."""
    return (
        TaskHistory.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=day),
            valid_from__lte=day,
            **filters,
        )
        .values(
            *ROW_FIELDS,
            parent_id=F("task__parent_id"),
            issued_on=F("task__directive__issued_on"),
            leader_id=F("task__directive__directing_leader_id"),
            handover_due=F("task__directive__handover_due_on"),
        )
        .iterator(chunk_size=2000)
    )


def _directive_of(row: dict) -> DirectiveKeys:
    return DirectiveKeys(row["issued_on"], row["leader_id"], row["handover_due"])


def _add_rows(deltas: Deltas, rows: Iterable[dict], day: date, sign: int) -> None:
    for row in rows:
        add(
            deltas,
            contributions(
                row, parent_id=row["parent_id"], directive=_directive_of(row), as_of=day
            ),
            sign,
        )


@contextmanager
def moved(task: Task) -> Iterator[None]:
    """Around a change of `task`'s history: the counts follow it, from the
    row valid on the roll-up's day before the body to the one after it."""
    day = writing_day(timezone.localdate())
    if day is None:
        yield
        return
    deltas = _deltas()
    _add_rows(deltas, list(_valid_rows(day, task_id=task.pk)), day, -1)
    yield
    _add_rows(deltas, _valid_rows(day, task_id=task.pk), day, +1)
    apply(deltas)


def directive_moved(
    directive_id: int, *, old: DirectiveKeys, new: DirectiveKeys
) -> None:
    """A directive's issue date, directing leader or hand-over limit changed:
    move its tasks from the old keys to the new."""
    day = writing_day(timezone.localdate())
    if day is None:
        return
    deltas = _deltas()
    for row in _valid_rows(day, task__directive_id=directive_id):
        for directive, sign in ((old, -1), (new, +1)):
            found = contributions(
                row, parent_id=row["parent_id"], directive=directive, as_of=day
            )
            add(deltas, found, sign)
    apply(deltas)


def task_deleted(task: Task) -> None:
    day = writing_day(timezone.localdate())
    if day is not None:
        deltas = _deltas()
        _add_rows(deltas, _valid_rows(day, task_id=task.pk), day, -1)
        apply(deltas)


def advance(since: date, today: date) -> None:
    """Move the counts from `since` to `today`. Only two things change with
    the date alone (standing.py): an open task whose deadline fell on or after
    `since` and before `today` is now overdue, and a task not handed over
    whose directive's limit fell then is now late to be handed over."""
    passed = {"valid_to__isnull": True, "task__parent__isnull": True}
    changing: dict[int, dict] = {}  # by task: a task in both sets moves once
    for rows in (
        _valid_rows(
            since,
            **passed,
            state__in=standing.OVERDUE_STATES,
            deadline__gte=since,
            deadline__lt=today,
        ),
        _valid_rows(
            since,
            **passed,
            task__directive__handover_due_on__gte=since,
            task__directive__handover_due_on__lt=today,
        ),
    ):
        changing.update((row["task_id"], row) for row in rows)
    deltas = _deltas()
    _add_rows(deltas, changing.values(), since, -1)
    _add_rows(deltas, changing.values(), today, +1)
    apply(deltas)
    _set_day(today)


def _grouped(as_of: date) -> Deltas:
    """Every count recomputed by the database from the history rows valid on
    `as_of` (standing.py's expressions, the twins of `contributions`)."""
    qs = (
        Task.objects.exclude(parent__isnull=False)
        .with_standing(as_of)
        .with_handover_status(as_of)
        .order_by()
        .annotate(
            r_month=TruncMonth("directive__issued_on"),
            r_agency=Coalesce(F("h__lead_agency_id"), 0),
            r_leader=Coalesce(F("directive__directing_leader_id"), 0),
            r_sector=Coalesce(F("h__sector_id"), 0),
            r_officer=Coalesce(F("h__tracking_officer_id"), 0),
            r_zero=Value(0),
        )
    )
    within = Count("pk", filter=standing.within_original_q())
    awaiting = Count("pk", filter=Q(report_status__in=standing.AWAITING))
    sets = (
        (AGENCY, "r_agency", "r_zero", "report_status", within),
        (LEADER_SECTOR, "r_leader", "r_sector", "report_status", within),
        (HANDOVER, "r_officer", "r_zero", "handover_status", awaiting),
    )
    deltas = _deltas()
    for grouping, key_a, key_b, status, extra in sets:
        rows = (
            qs.filter(**{f"{status}__isnull": False})
            .values("r_month", key_a, key_b, status)
            .annotate(n=Count("pk"), extra=extra)
        )
        for row in rows:
            month = row["r_month"]
            month = month.date() if hasattr(month, "date") else month
            key = (grouping, month, row[key_a], row[key_b], row[status])
            deltas[key][0] += row["n"]
            deltas[key][1] += row["extra"]
    return deltas


def rebuild(today: date) -> None:
    """Recompute every count from the history rows valid on `today`."""
    StandingCount.objects.all().delete()
    StandingCount.objects.bulk_create(
        (
            StandingCount(grouping=g, month=m, key_a=a, key_b=b, status=s, n=n, extra=e)
            for (g, m, a, b, s), (n, e) in _grouped(today).items()
        ),
        batch_size=2000,
    )
    _set_day(today)


def check() -> list[str]:
    """How the stored counts differ from the history (empty when they agree)."""
    day = _day()
    if day is None:
        return []
    expected = _grouped(day)
    stored = _deltas()
    for *key, n, extra in StandingCount.objects.values_list(
        "grouping", "month", "key_a", "key_b", "status", "n", "extra"
    ):
        stored[tuple(key)] = [n, extra]
    problems = []
    for key in sorted(set(expected) | set(stored), key=str):
        if expected[key] != stored[key]:
            grouping, month, a, b, status = key
            problems.append(
                f"grouping {grouping}, {month:%m/%Y}, keys {a}/{b}, {status}: "
                f"stored (tasks, of which) {tuple(stored[key])}, "
                f"history {tuple(expected[key])}"
            )
    return problems


# -- reading -----------------------------------------------------------------


def counts(
    groupings: Iterable[int],
    *,
    as_of: date,
    start: date | None,
    end: date | None,
    agency: int | None = None,
) -> list[tuple[int, int, int, str, int, int]]:
    """(grouping, key_a, key_b, status, tasks, extra) summed over the issue
    months from `start`'s to `end`'s, as of `as_of` (which must be today);
    `agency`: one lead agency's rows (of the AGENCY grouping)."""
    reading_day(as_of)
    rows = StandingCount.objects.filter(grouping__in=list(groupings)).exclude(n=0)
    if agency is not None:
        rows = rows.filter(grouping=AGENCY, key_a=agency)
    if start is not None:
        rows = rows.filter(month__gte=start.replace(day=1))
    if end is not None:
        rows = rows.filter(month__lte=end.replace(day=1))
    return list(
        rows.values("grouping", "key_a", "key_b", "status")
        .annotate(tasks=Sum("n"), extra=Sum("extra"))
        .values_list("grouping", "key_a", "key_b", "status", "tasks", "extra")
    )


def keep(today: date) -> dict:
    """The nightly job's work: advance to `today`, check, rebuild if wrong."""
    reading_day(today)
    problems = check()
    if problems:
        log.error(
            "standing counts disagree with the history in %d place(s), e.g. %s; "
            "rebuilt",
            len(problems),
            problems[0],
        )
        with transaction.atomic():
            rebuild(today)
    return {"day": today.isoformat(), "problems": len(problems)}
