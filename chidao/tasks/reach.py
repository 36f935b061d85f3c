"""Which agencies see each task now, kept with the tasks (issue 12).

An agency officer's list and work queues are `Task.objects.visible_to`: the
tasks the agency or one of its units leads, those it cooperates on and their
sub-tasks, once handed over. At 1M that is a UNION of ~40k tasks joined to
their history rows on every page (1.1–1.7 s). `TaskReach` holds the same
pairs, one row per (agency, task), with the fields the lists filter and sort
on, so a page reads an index range instead:

- every history write (`history.record`, `history.correct`), every change of
  a task's cooperating agencies (`receivers`) rewrites the task's rows and its
  sub-tasks' in the same transaction (`follow`);
- a change of the agency tree (a unit moved, a merge) rewrites them all
  (`rebuild`), a deleted task or agency takes its rows with it (CASCADE);
- `check` compares the rows with what the tasks give (`manage.py
  check_history`, the nightly `keep_standing_counts`).

The rows copy the task's current fields, which `history.check` proves equal to
its open history row. They answer "as of today" only while every open
history row began by today (`history.open_rows_hold`): after a clock set back the
pages count from the history as before.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from chidao.agencies.models import Agency

from . import history, standing
from .models import Task, TaskQuerySet, TaskReach

if TYPE_CHECKING:
    from chidao.accounts.models import User
    from chidao.workdays.calendar import WorkCalendar

log = logging.getLogger(__name__)

COLUMNS = (
    "agency_id",
    "task_id",
    "leads",
    "helps",
    "created_at",
    "state",
    "deadline",
    "report_due",
    "completed_on",
    "confirmed_on",
)


def _pairs() -> list[tuple[int, int]]:
    """(agency, ancestor or itself) for every agency: who sees a unit's tasks
    (Art. 9.2, `Agency.objects.subtree_ids` read upwards)."""
    parent = dict(Agency.objects.values_list("pk", "parent_id"))
    pairs = []
    for agency in parent:
        seen: set[int] = set()
        above: int | None = agency
        while above is not None and above not in seen:
            seen.add(above)
            pairs.append((agency, above))
            above = parent.get(above)
    return pairs


def _expected_sql(scope: Sequence[int] | None) -> tuple[str, list[Any]]:
    """The rows `visible_to` gives, as SQL (`WITH up … SELECT`), for the tasks
    in `scope` (None: all). The same rule as `Task.objects.visible_to`."""
    pairs = _pairs() or [(0, 0)]
    up = ", ".join(f"({int(a)}, {int(b)})" for a, b in pairs)
    task = Task._meta.db_table
    helping = Task.cooperating_agencies.through._meta.db_table
    params: list[Any] = []
    where_t = where_c = ""
    if scope is not None:
        marks = ", ".join(["%s"] * len(scope))
        where_t, where_c = f"WHERE t.id IN ({marks})", f"WHERE c.task_id IN ({marks})"
        params = [*scope, *scope, *scope]
    # Table names, integer ids and placeholders only.
    sql = f"""
        WITH up(agency_id, ancestor_id) AS (VALUES {up})
        SELECT s.agency_id, t.id, MAX(s.leads) = 1, MAX(s.helps) = 1,
               t.created_at, t.state, t.deadline, t.report_due, t.completed_on,
               t.confirmed_on
        FROM (
            SELECT up.ancestor_id AS agency_id, t.id AS task_id,
                   CASE WHEN up.ancestor_id = up.agency_id THEN 1 ELSE 0 END
                       AS leads,
                   0 AS helps
            FROM {task} t JOIN up ON up.agency_id = t.lead_agency_id {where_t}
            UNION ALL
            SELECT c.agency_id, c.task_id, 0, 1 FROM {helping} c {where_c}
            UNION ALL
            SELECT c.agency_id, t.id, 0, 0
            FROM {task} t JOIN {helping} c ON c.task_id = t.parent_id {where_t}
        ) s JOIN {task} t ON t.id = s.task_id
        WHERE t.state <> %s AND t.handed_over_at IS NOT NULL
        GROUP BY s.agency_id, t.id, t.created_at, t.state, t.deadline,
                 t.report_due, t.completed_on, t.confirmed_on
    """  # noqa: S608
    return sql, [*params, Task.State.DRAFT]


def _insert(scope: Sequence[int] | None) -> None:
    select, params = _expected_sql(scope)
    head, _sep, body = select.partition("SELECT s.agency_id")
    columns = ", ".join(COLUMNS)
    # Two writers of one task's rows (a change and its cooperating agencies)
    # may meet: the later one's values win.
    updates = ", ".join(f"{c} = excluded.{c}" for c in COLUMNS[2:])
    sql = (
        f"{head} INSERT INTO {TaskReach._meta.db_table} ({columns}) "
        f"SELECT s.agency_id{body} "
        f"ON CONFLICT (agency_id, task_id) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


FOLLOW_BATCH = 2000


def follow(task_ids: Iterable[int]) -> None:
    """Rewrite the rows of `task_ids` and of their sub-tasks (who sees a
    sub-task depends on its parent's cooperating agencies)."""
    ids = sorted({int(pk) for pk in task_ids if pk is not None})
    # In parts: SQLite takes at most 32,766 parameters a statement.
    for start in range(0, len(ids), FOLLOW_BATCH):
        part = ids[start : start + FOLLOW_BATCH]
        subtasks = Task.objects.filter(parent_id__in=part).values_list("pk", flat=True)
        part = sorted({*part, *subtasks})
        TaskReach.objects.filter(task_id__in=part).delete()
        _insert(part)


def rebuild() -> None:
    """Every row again from the tasks (the agency tree changed, or a check)."""
    TaskReach.objects.all().delete()
    _insert(None)


def check() -> list[str]:
    """How the stored rows differ from the tasks (empty when they agree)."""
    expected, params = _expected_sql(None)
    head, _sep, body = expected.partition("SELECT s.agency_id")
    stored = f"SELECT {', '.join(COLUMNS)} FROM {TaskReach._meta.db_table}"  # noqa: S608
    problems = []
    for label, sql in (
        ("missing", f"{head} SELECT s.agency_id{body} EXCEPT {stored}"),
        ("not due", f"{head} {stored} EXCEPT SELECT s.agency_id{body}"),
    ):
        with connection.cursor() as cursor:
            cursor.execute(f"{sql} ORDER BY 2, 1", params)
            for row in cursor.fetchmany(20):
                problems.append(f"{label}: agency {row[0]}, task {row[1]}: {row[2:]}")
    return problems


def keep() -> dict:
    """The nightly check; rebuilt (and logged as an error) if ever wrong."""
    problems = check()
    if problems:
        log.error("task reach disagrees with the tasks (%s…); rebuilt", problems[0])
        rebuild()
    return {"problems": len(problems)}


# -- reading: an agency's list as of today ----------------------------------

# The list sorts the rows serve: the task list's own columns (forms.SORTS),
# the same tie-break on the task id.
ORDERS = {
    "-created": ("-created_at", "-task_id"),
    "created": ("created_at", "task_id"),
    "deadline": ("deadline", "task_id"),
    "-deadline": ("-deadline", "-task_id"),
    "state": ("state", "task_id"),
    "-state": ("-state", "-task_id"),
}
# The list filters the rows answer; any other filter reads the history.
FILTERS = {"state", "report_status", "sort", "as_of"}


def holds(user: User, as_of: date) -> bool:
    """Whether today's rows give what `visible_to(user)` and the history rows
    valid on `as_of` would: as of today, with no open history row beginning
    after today (a clock set back). The rows are the user's agency's reach
    rows, or for those who read every task the tasks' own columns."""
    if not user.reads_all and user.agency_id is None:
        return False
    return as_of == timezone.localdate() and history.open_rows_hold(as_of)


def serves(user: User, params: dict[str, Any], *, as_of: date) -> bool:
    """Whether `listed` gives the list `filter_tasks` would for `params`."""
    if any(value for name, value in params.items() if name not in FILTERS):
        return False
    if (params.get("sort") or "-created") not in ORDERS:
        return False
    return holds(user, as_of)


def listed(
    user: User,
    params: dict[str, Any],
    tasks: QuerySet[Task],
    *,
    as_of: date,
    calendar: WorkCalendar | None = None,
) -> Paged:
    """The task list for `params` (see `serves`), its pages' rows from `tasks`."""
    if user.reads_all:
        rows: QuerySet[Any] = Task.objects.all()
        column = "id"
    else:
        rows, column = TaskReach.objects.filter(agency_id=user.agency_id), "task_id"
    # The same column names on both: state, deadline, completed_on, …
    if params.get("state"):
        rows = rows.filter(state=params["state"])
    status = params.get("report_status")
    if status:
        if status not in ("overdue_open", "due_soon"):
            rows = rows.annotate(
                report_status=standing.status_expression(as_of, prefix="")
            )
        rows = rows.filter(standing.list_status_q(status, as_of, calendar, ""))
    order = [
        name.replace("task_id", column)
        for name in ORDERS[params.get("sort") or "-created"]
    ]
    return Paged(rows.order_by(*order).values_list(column), tasks)


def visible_ids(user: User) -> QuerySet[Any] | None:
    """The ids of `Task.objects.visible_to(user)` for an agency's user, from
    its reach rows (who sees a task now; no date is involved); None for
    those who read every task or have no agency."""
    if not getattr(user, "is_authenticated", False):
        return None
    if user.reads_all or user.agency_id is None:
        return None
    return TaskReach.objects.filter(agency_id=user.agency_id).values("task_id")


def visible_tasks(user: User) -> TaskQuerySet:
    """`Task.objects.visible_to(user)` with an agency's tasks through its reach
    rows: the same set (`check`), from one index range instead of a UNION of
    ~40k tasks (issue 12: 0.2 s of the agency dashboard at 1M)."""
    ids = visible_ids(user)
    if ids is None:
        return Task.objects.visible_to(user)
    return Task.objects.filter(pk__in=ids)


class Paged:
    """A page of tasks through their ids: `ids` (a `values_list` of one
    column, in order) gives the order and the slice from an index, `tasks`
    the few rows shown."""

    def __init__(
        self, ids: QuerySet[Any], tasks: QuerySet[Task], count: int | None = None
    ):
        self.ids, self.tasks, self._count = ids, tasks, count

    def count(self) -> int:
        if self._count is None:
            self._count = self.ids.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, part: slice) -> list[Task]:
        ids = [row[0] for row in self.ids[part]]
        found = {task.pk: task for task in self.tasks.filter(pk__in=ids)}
        return [found[pk] for pk in ids if pk in found]


def first_pages(
    pages: Mapping[str, Paged], sizes: Mapping[str, int]
) -> dict[str, list[Task]]:
    """The first `sizes[name]` tasks of each of `pages` (work queues built
    together, sharing their `tasks` query), all their rows in one query: a
    page of work queues read one row query per queue (~15 ms each at 1M,
    issue 12)."""
    if not pages:
        return {}
    tasks = {id(page.tasks): page.tasks for page in pages.values()}
    if len(tasks) > 1:
        raise ValueError("first_pages reads pages that share their tasks query")
    ids = {
        name: [row[0] for row in page.ids[: sizes[name]]]
        for name, page in pages.items()
    }
    wanted = {pk for shown in ids.values() for pk in shown}
    (rows,) = tasks.values()
    found = {task.pk: task for task in rows.filter(pk__in=wanted)} if wanted else {}
    return {
        name: [found[pk] for pk in shown if pk in found] for name, shown in ids.items()
    }
