"""The history of each task as validity ranges, written with every change.

`record(task, on=day)` is called in the same transaction as every write that
changes a task (see `events.record_event`): it closes the row valid until then
and opens one from `on`. Several changes on one day leave one row for that
day, the last state of the day, since reports are taken "as of" whole days.
`check()` verifies what is stored: the open row of every task equals the task,
and each task's rows follow one another without gap or overlap.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from django.db.models import F, Window
from django.db.models.functions import Lead
from django.utils import timezone

from . import reach, rollup
from .models import Task, TaskHistory

log = logging.getLogger(__name__)

# The task's own columns a history row copies, under the same names.
COPIED = (
    "state",
    "lead_agency_id",
    "tracking_officer_id",
    "sector_id",
    "kind",
    "period",
    "deadline",
    "original_deadline",
    "report_due",
    "completed_on",
    "confirmed_on",
)
FIELDS = (*COPIED, "handed_over_on")


def values_of(task: Task) -> dict[str, object]:
    """What a history row holds of `task` as it is now."""
    values = {name: getattr(task, name) for name in COPIED}
    values["handed_over_on"] = (
        timezone.localdate(task.handed_over_at) if task.handed_over_at else None
    )
    return values


def record(task: Task, *, on: date) -> TaskHistory | None:
    """Make `task` as it is now the history from `on`; None when nothing changed.

    The standing counts (`rollup`) and who sees it (`reach`) follow in the
    same transaction."""
    with rollup.moved(task):
        row = _record(task, on=on)
    if row is not None:  # nothing it copies changed, nor who sees it
        reach.follow([task.pk])
    return row


def _record(task: Task, *, on: date) -> TaskHistory | None:
    values = values_of(task)
    current = (
        TaskHistory.objects.select_for_update()
        .filter(task_id=task.pk, valid_to__isnull=True)
        .first()
    )
    if current is None:
        return TaskHistory.objects.create(task_id=task.pk, valid_from=on, **values)
    if all(getattr(current, name) == value for name, value in values.items()):
        return None
    if on < current.valid_from:
        # A clock set back (or a replay out of order): never rewrite the past.
        log.warning(
            "task %s: change on %s recorded on %s", task.pk, on, current.valid_from
        )
        on = current.valid_from
    if on == current.valid_from:
        TaskHistory.objects.filter(pk=current.pk).update(**values)
        return current
    TaskHistory.objects.filter(pk=current.pk).update(valid_to=on)
    return TaskHistory.objects.create(task_id=task.pk, valid_from=on, **values)


def open_rows_hold(day: date) -> bool:
    """Whether each task's row valid on `day` is its open one: no open row
    begins after `day` (the clock was not set back since)."""
    return not TaskHistory.objects.filter(
        valid_to__isnull=True, valid_from__gt=day
    ).exists()


def record_many(tasks: list[Task], *, on: date) -> None:
    for task in tasks:
        record(task, on=on)


def correct(task: Task, *, since: date, **values: object) -> int:
    """Rewrite `values` into the rows valid from `since` on (a recorded fix of a
    past record, e.g. a mistyped completion date); returns the rows changed."""
    with rollup.moved(task):
        changed = _correct(task, since=since, **values)
    reach.follow([task.pk])
    return changed


def _correct(task: Task, *, since: date, **values: object) -> int:
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValueError(f"Not history fields: {sorted(unknown)}")
    rows = TaskHistory.objects.filter(task_id=task.pk, valid_from__gte=since)
    changed = rows.update(**values)
    straddling = TaskHistory.objects.filter(
        task_id=task.pk, valid_from__lt=since, valid_to__gt=since
    ).first()
    if straddling is not None:
        # The row that began before `since` is cut there and continued fixed.
        kept = {name: getattr(straddling, name) for name in FIELDS}
        TaskHistory.objects.filter(pk=straddling.pk).update(valid_to=since)
        TaskHistory.objects.create(
            task_id=task.pk,
            valid_from=since,
            valid_to=straddling.valid_to,
            **{**kept, **values},
        )
        changed += 1
    return changed


@dataclass
class Finding:
    task_id: int
    problem: str


def check(tasks: object = None) -> list[Finding]:
    """What is wrong with the stored history of `tasks` (default: all)."""
    qs = Task.objects.all() if tasks is None else tasks
    findings: list[Finding] = []
    current = {
        row.task_id: row
        for row in TaskHistory.objects.filter(
            task__in=qs.values("pk"), valid_to__isnull=True
        )
    }
    for task in qs.iterator():
        row = current.get(task.pk)
        if row is None:
            findings.append(Finding(task.pk, "no current history row"))
            continue
        expected = values_of(task)
        for name, value in expected.items():
            if getattr(row, name) != value:
                findings.append(
                    Finding(
                        task.pk,
                        f"{name}: history {getattr(row, name)!r}, task {value!r}",
                    )
                )
    following = (
        TaskHistory.objects.filter(task__in=qs.values("pk"))
        .annotate(
            next_from=Window(
                Lead("valid_from"), partition_by=F("task_id"), order_by="valid_from"
            )
        )
        .values_list("task_id", "valid_from", "valid_to", "next_from")
    )
    for task_id, valid_from, valid_to, next_from in following:
        if next_from is not None and valid_to != next_from:
            findings.append(
                Finding(
                    task_id,
                    f"row from {valid_from} ends {valid_to}, next begins {next_from}",
                )
            )
        if next_from is None and valid_to is not None:
            findings.append(Finding(task_id, f"last row from {valid_from} is closed"))
    return findings
