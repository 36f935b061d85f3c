"""Per-month counts of the standing as of today, kept with the history (issue 12).

The dashboard and the summary API count a period's tasks by report status.
Read from the history that means evaluating every task of the period (a
million for "all time"); these counts hold the same numbers pre-summed per
(issue month, lead agency) and per (issue month, directing leader, sector),
as of one day, the roll-up's day:

- every history write (`history.record`, `history.correct`) moves its task
  from its old row to its new one in the same transaction (`moved`);
- a directive's new issue date or directing leader moves its tasks, a task
  deleted leaves (`receivers`);
- a new day moves the open tasks whose deadline has just passed to overdue
  (`advance`: the only status that changes with the date alone);
- `rebuild` recomputes everything from the history, `check` compares.

Status is still computed, never typed in: this is a derived copy that
`check` (and `manage.py check_history`) verifies against the history.
Anything the counts cannot answer (another day, filters, one agency's view)
is counted from the history as before.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models import Count, F, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from . import standing
from .models import StandingCount, StandingRollup, Task, TaskHistory

log = logging.getLogger(__name__)

AGENCY = StandingCount.Grouping.AGENCY
LEADER_SECTOR = StandingCount.Grouping.LEADER_SECTOR
# (grouping, month, key_a, key_b, status) → (tasks, within the first deadline)
Key = tuple[int, date, int, int, str]
Deltas = Counter


@dataclass(frozen=True)
class Standing:
    """What one task adds to the counts on a day: nothing, or one status."""

    month: date
    agency: int
    leader: int
    sector: int
    status: str
    within: bool

    def keys(self) -> Iterator[Key]:
        yield (AGENCY, self.month, self.agency, 0, self.status)
        yield (LEADER_SECTOR, self.month, self.leader, self.sector, self.status)


def standing_of(
    values: dict,
    *,
    parent_id: int | None,
    issued_on: date,
    leader_id: int | None,
    as_of: date,
) -> Standing | None:
    """What a task counts for on `as_of`, from its history row's `values`."""
    if parent_id is not None:
        return None  # a sub-task counts through its parent
    status = standing.status_of(
        values["state"],
        values["deadline"],
        values["completed_on"],
        values["confirmed_on"],
        as_of,
    )
    if status is None:
        return None
    return Standing(
        month=issued_on.replace(day=1),
        agency=values["lead_agency_id"] or 0,
        leader=leader_id or 0,
        sector=values["sector_id"] or 0,
        status=str(status),
        within=standing.is_within_original(
            status,
            values["original_deadline"],
            values["completed_on"],
            values["confirmed_on"],
        ),
    )


def add(deltas: Counter, standing_: Standing | None, sign: int) -> None:
    if standing_ is None:
        return
    for key in standing_.keys():
        deltas[(key, "n")] += sign
        if standing_.within:
            deltas[(key, "within")] += sign


def apply(deltas: Counter) -> None:
    """Add `deltas` to the stored counts, in one statement (keys sorted, so two
    writers take the rows' locks in the same order)."""
    rows: dict[Key, list[int]] = {}
    for (key, what), change in deltas.items():
        if change:
            rows.setdefault(key, [0, 0])[0 if what == "n" else 1] += change
    rows = {k: v for k, v in rows.items() if v != [0, 0]}
    if not rows:
        return
    table = StandingCount._meta.db_table
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(rows))
    params: list[object] = []
    for key in sorted(rows):
        params += [*key, *rows[key]]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (grouping, month, key_a, key_b, status, n, "  # noqa: S608 - our table
            f"within_original) VALUES {values} "
            "ON CONFLICT (grouping, month, key_a, key_b, status) DO UPDATE SET "
            f"n = {table}.n + excluded.n, "
            f"within_original = {table}.within_original + excluded.within_original",
            params,
        )


# -- the roll-up's day ----------------------------------------------------------


def _day(lock: str = "") -> tuple[bool, date | None]:
    """(built, day) of the roll-up row, locked FOR SHARE / FOR UPDATE if asked
    (PostgreSQL; SQLite serialises writers anyway)."""
    table = StandingRollup._meta.db_table
    suffix = f" FOR {lock}" if lock and connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT day FROM {table} WHERE id = 1{suffix}", [])  # noqa: S608
        row = cursor.fetchone()
    if row is None:
        return False, None
    day = row[0]
    if isinstance(day, str):  # SQLite through a raw cursor
        day = date.fromisoformat(day)
    return True, day


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
    _built, seen = _day()
    if seen is not None and seen < today:
        with transaction.atomic():
            _built, seen = _day("UPDATE")
            if seen is not None and seen < today:
                advance(seen, today)
                seen = today
        return seen
    built, seen = _day("SHARE")
    if not built or seen is None:
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
    _built, seen = _day()
    if seen == today:
        return today
    with transaction.atomic():
        _built, seen = _day("UPDATE")
        if seen is not None and seen < today:
            advance(seen, today)
        elif seen != today:
            rebuild(today)
    return today


# -- keeping, moving, rebuilding ----------------------------------------------


def _directive_of(task: Task) -> tuple[date, int | None]:
    directive = task.directive
    return directive.issued_on, directive.directing_leader_id


def _open_values(task_id: int) -> dict | None:
    from .history import FIELDS  # history imports this module

    return (
        TaskHistory.objects.filter(task_id=task_id, valid_to__isnull=True)
        .values(*FIELDS)
        .first()
    )


@contextmanager
def moved(task: Task) -> Iterator[None]:
    """Around a change of `task`'s history: the counts follow it, from the
    open history row before the body to the open row after it."""
    day = writing_day(timezone.localdate())
    before = _open_values(task.pk) if day is not None else None
    yield
    if day is None:
        return
    issued_on, leader = _directive_of(task)
    common = {"parent_id": task.parent_id, "issued_on": issued_on, "leader_id": leader}
    deltas: Counter = Counter()
    if before is not None:
        add(deltas, standing_of(before, as_of=day, **common), -1)
    after = _open_values(task.pk)
    if after is not None:
        add(deltas, standing_of(after, as_of=day, **common), +1)
    apply(deltas)


def _grouped(
    tasks: Iterable[int] | None, as_of: date, sign: int, overrides: dict | None = None
) -> Counter:
    """The counts of `tasks` (default: all) from their history rows valid on
    `as_of`, times `sign`; `overrides` replaces the directive's month/leader."""
    qs = Task.objects.exclude(parent__isnull=False)
    if tasks is not None:
        qs = qs.filter(pk__in=list(tasks))
    qs = qs.with_standing(as_of).filter(report_status__isnull=False).order_by()
    overrides = overrides or {}
    month = (
        Value(overrides["month"])
        if "month" in overrides
        else TruncMonth("directive__issued_on")
    )
    leader = (
        Value(overrides["leader"] or 0)
        if "leader" in overrides
        else Coalesce(F("directive__directing_leader_id"), 0)
    )
    qs = qs.annotate(
        r_month=month,
        r_agency=Coalesce(F("h__lead_agency_id"), 0),
        r_leader=leader,
        r_sector=Coalesce(F("h__sector_id"), 0),
    )
    within = Count("pk", filter=standing.within_original_q())
    deltas: Counter = Counter()
    for grouping, columns in (
        (AGENCY, ("r_agency",)),
        (LEADER_SECTOR, ("r_leader", "r_sector")),
    ):
        for row in qs.values("r_month", *columns, "report_status").annotate(
            n=Count("pk"), w=within
        ):
            month_value = row["r_month"]
            if hasattr(month_value, "date"):
                month_value = month_value.date()
            key_b = row["r_sector"] if grouping == LEADER_SECTOR else 0
            key = (grouping, month_value, row[columns[0]], key_b, row["report_status"])
            deltas[(key, "n")] += sign * row["n"]
            deltas[(key, "within")] += sign * row["w"]
    return deltas


def directive_moved(task_ids: list[int], *, old: dict, new: dict) -> None:
    """A directive's issue month or directing leader changed: move its tasks."""
    day = writing_day(timezone.localdate())
    if day is None or not task_ids:
        return
    deltas = _grouped(task_ids, day, -1, old)
    deltas.update(_grouped(task_ids, day, +1, new))
    apply(deltas)


def task_deleted(task: Task) -> None:
    day = writing_day(timezone.localdate())
    if day is not None:
        apply(_grouped([task.pk], day, -1))


def advance(since: date, today: date) -> None:
    """Move the counts from `since` to `today`: open tasks whose deadline fell
    on or after `since` and before `today` are now overdue (standing.py)."""
    rows = (
        TaskHistory.objects.filter(
            valid_to__isnull=True,
            state__in=[Task.State.HANDED_OVER, Task.State.ACCEPTED],
            deadline__gte=since,
            deadline__lt=today,
            valid_from__lte=since,
            task__parent__isnull=True,
        )
        .values(
            "state",
            "deadline",
            "completed_on",
            "confirmed_on",
            "original_deadline",
            "lead_agency_id",
            "sector_id",
            issued_on=F("task__directive__issued_on"),
            leader_id=F("task__directive__directing_leader_id"),
        )
        .iterator(chunk_size=2000)
    )
    deltas: Counter = Counter()
    for row in rows:
        common = {
            "parent_id": None,
            "issued_on": row["issued_on"],
            "leader_id": row["leader_id"],
        }
        add(deltas, standing_of(row, as_of=since, **common), -1)
        add(deltas, standing_of(row, as_of=today, **common), +1)
    apply(deltas)
    _set_day(today)


def rebuild(today: date) -> None:
    """Recompute every count from the history rows valid on `today`."""
    StandingCount.objects.all().delete()
    deltas = _grouped(None, today, +1)
    rows = {}
    for (key, what), change in deltas.items():
        rows.setdefault(key, [0, 0])[0 if what == "n" else 1] += change
    StandingCount.objects.bulk_create(
        (
            StandingCount(
                grouping=g, month=m, key_a=a, key_b=b, status=s, n=n, within_original=w
            )
            for (g, m, a, b, s), (n, w) in rows.items()
        ),
        batch_size=2000,
    )
    _set_day(today)


def check() -> list[str]:
    """How the stored counts differ from the history (empty when they agree)."""
    built, day = _day()
    if day is None:
        return []
    expected = _grouped(None, day, +1)
    stored: Counter = Counter()
    for row in StandingCount.objects.values_list(
        "grouping", "month", "key_a", "key_b", "status", "n", "within_original"
    ):
        key = tuple(row[:5])
        stored[(key, "n")] += row[5]
        stored[(key, "within")] += row[6]
    problems = []
    for item in sorted(set(expected) | set(stored), key=str):
        if expected[item] != stored[item]:
            (grouping, month, a, b, status), what = item
            problems.append(
                f"grouping {grouping}, {month:%m/%Y}, keys {a}/{b}, {status} ({what}): "
                f"stored {stored[item]}, history {expected[item]}"
            )
    return problems


# -- reading -----------------------------------------------------------------


def counts(
    groupings: Iterable[int], *, as_of: date, start: date | None, end: date | None
) -> list[tuple[int, int, int, str, int, int]]:
    """(grouping, key_a, key_b, status, tasks, within) summed over the issue
    months from `start`'s to `end`'s, as of `as_of` (which must be today)."""
    reading_day(as_of)
    rows = StandingCount.objects.filter(grouping__in=list(groupings)).exclude(n=0)
    if start is not None:
        rows = rows.filter(month__gte=start.replace(day=1))
    if end is not None:
        rows = rows.filter(month__lte=end.replace(day=1))
    return list(
        rows.values("grouping", "key_a", "key_b", "status")
        .annotate(tasks=Sum("n"), within=Sum("within_original"))
        .values_list("grouping", "key_a", "key_b", "status", "tasks", "within")
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
