"""Importing a legacy task list: a dry run first, then all rows or none.

`check` turns the rows of a workbook into a plan: the directives to create
(rows sharing a number and year are one directive), those already in ChiDao
(their new tasks are added), the tasks already there (skipped), and every
refused row with its column and reason. `commit` carries out a plan without
refusals in one transaction. Each imported task is played through the state
machine on its real dates ("history is imported as history"): handed over on
its directive's issue date unless a column says otherwise, accepted, reported
done on its completion date and confirmed, with no notice sent, so reports as
of any past day count it as they would have then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from chidao.accounts.models import Role, User
from chidao.directives.models import Directive, search_key
from chidao.intake.services import record_directive
from chidao.lib.errors import DomainError, InvalidInput, NotAllowed
from chidao.tasks import handover, permissions, workflow
from chidao.tasks import services as task_services
from chidao.tasks.models import Task
from chidao.workdays.calendar import WorkCalendar

from .legacy import FIELDS, Workbook
from .rows import (
    AFTERNOON,
    MORNING,
    TASK_FIELD_COLUMN,
    Lookups,
    PlannedDirective,
    PlannedTask,
    Refusal,
    moment,
    plan_row,
)

S = Task.State
Progress = Callable[[int, int], None]


@dataclass
class Plan:
    rows: int
    directives: list[PlannedDirective] = field(default_factory=list)
    errors: list[Refusal] = field(default_factory=list)
    skipped_sheets: list[str] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, Any]:
        new = [d for d in self.directives if d.existing is None]
        return {
            "rows": self.rows,
            "directives": {
                "new": len(new),
                "existing": len(self.directives) - len(new),
            },
            "tasks": {
                "new": sum(len(d.tasks) for d in self.directives),
                "skipped": sum(d.skipped for d in self.directives),
            },
            "errors": [e.to_json() for e in self.errors],
        }

    def to_json(self) -> dict[str, Any]:
        """The report the page and the API show (API: the first five keys)."""
        return {
            **self.counts(),
            "committed": self.committed,
            "skipped_sheets": self.skipped_sheets,
            "directive_list": [d.to_json() for d in self.directives],
        }


def check(
    workbook: Workbook,
    *,
    by: User,
    today: date,
    progress: Progress | None = None,
) -> Plan:
    """The dry run: what an import of `workbook` would do; nothing is written."""
    if not by.is_office:
        raise NotAllowed(_("Only the Office imports tasks."))
    look = Lookups(by=by)
    plan = Plan(rows=workbook.row_count, skipped_sheets=workbook.skipped)
    groups: dict[tuple[str, int], PlannedDirective] = {}
    seen: dict[tuple[str, int], set[tuple[str, int]]] = {}
    for done, row in enumerate(workbook.rows(), start=1):
        planned, tasks, errors = plan_row(row, today=today, look=look)
        if progress is not None and done % 200 == 0:
            progress(done, plan.rows)
        if errors or planned is None:
            plan.errors.extend(errors)
            continue
        key = (planned.number, planned.issued_on.year)
        group = groups.get(key)
        if group is None:
            group = groups[key] = planned
            plan.directives.append(group)
        elif planned.issued_on != group.issued_on:
            plan.errors.append(
                Refusal(
                    row.sheet,
                    row.number,
                    row.headers.get("issued_on") or str(FIELDS["issued_on"]),
                    _(
                        "Directive %(number)s is dated %(day)s in row %(row)d; a "
                        "number is used once a year."
                    )
                    % {
                        "number": group.number,
                        "day": group.issued_on.strftime("%d/%m/%Y"),
                        "row": group.row,
                    },
                )
            )
            continue
        else:
            group.summary = group.summary or planned.summary
            group.signer = group.signer or planned.signer
        keys = seen.setdefault(key, set())
        for task in tasks:
            if task.key in keys:
                group.skipped += 1
            else:
                keys.add(task.key)
                group.tasks.append(task)
    _match_existing(plan)
    for group in plan.directives:
        if group.existing is None and not group.summary:
            plan.errors.append(
                Refusal(
                    group.sheet,
                    group.row,
                    group.headers.get("summary") or str(FIELDS["summary"]),
                    _("Enter the summary of directive %(number)s.")
                    % {"number": group.number},
                )
            )
    plan.errors.sort(key=lambda e: (e.sheet, e.row))
    if progress is not None:
        progress(plan.rows, plan.rows)
    return plan


def _match_existing(plan: Plan) -> None:
    """Same number and year: the tasks go to the directive already recorded;
    a task it already has (same content and lead agency) is skipped."""
    numbers = {d.number for d in plan.directives}
    existing = {
        (d.number, d.issued_year): d
        for d in Directive.objects.filter(number__in=numbers)
    }
    by_directive = {}
    for group in plan.directives:
        found = existing.get((group.number, group.issued_on.year))
        if found is not None:
            group.existing = found
            by_directive[found.pk] = group
    if not by_directive:
        return
    known: dict[int, set[tuple[str, int]]] = {}
    for directive_id, content, lead_id in Task.objects.filter(
        directive_id__in=by_directive, parent__isnull=True
    ).values_list("directive_id", "content", "lead_agency_id"):
        known.setdefault(directive_id, set()).add((search_key(content), lead_id))
    for directive_id, group in by_directive.items():
        there = known.get(directive_id, set())
        kept = [t for t in group.tasks if t.key not in there]
        group.skipped += len(group.tasks) - len(kept)
        group.tasks = kept


@dataclass
class _Actors:
    by: User
    look: Lookups
    calendar: WorkCalendar
    now: datetime
    file_name: str

    def at(self, day: date, clock: time, minutes: int) -> datetime:
        return min(moment(day, clock, minutes), self.now)


def _head_to_sign_off(task: Task, officer: User | None) -> User | None:
    """The lead agency's head who approves `officer`'s "done" report, when the
    agency asks for it (Art. 8.1)."""
    if officer is None or not permissions.needs_sign_off(officer, task):
        return None
    return (
        User.objects.filter(agency_id=task.lead_agency_id, is_active=True)
        .with_role(Role.AGENCY_LEAD)
        .order_by("username")
        .first()
    )


def _play(task: Task, planned: PlannedTask, actors: _Actors) -> Task:
    """Take the task through the steps of its past, on their days, unannounced."""
    agency = actors.look.agency_users.get(planned.lead_agency.pk)
    handed = planned.handed_over_on
    steps: list[tuple[str, User | None, dict[str, Any], datetime]] = [
        ("hand_over", actors.by, {}, actors.at(handed, MORNING, 5))
    ]
    if planned.state == S.CANCELLED:
        reason = _("Cancelled before the import (“%(status)s” in %(file)s).") % {
            "status": planned.status_text,
            "file": actors.file_name,
        }
        steps.append(
            (
                "cancel",
                actors.look.office_lead,
                {"reason": reason},
                actors.at(handed, MORNING, 10),
            )
        )
    if planned.state in (S.ACCEPTED, S.REPORTED_DONE, S.CONFIRMED_DONE):
        steps.append(("accept", agency, {}, actors.at(handed, MORNING, 10)))
    if planned.completed_on is not None:
        done_on = planned.completed_on
        text = planned.status_text or _("Completed.")
        steps.append(
            (
                "report",
                agency,
                {"text": text, "done": True, "completed_on": done_on},
                actors.at(done_on, AFTERNOON, 0),
            )
        )
        head = _head_to_sign_off(task, agency)
        if head is not None:  # Art. 8.1: the officer's report, approved that day
            steps.append(("approve_done", head, {}, actors.at(done_on, AFTERNOON, 2)))
        if planned.state == S.CONFIRMED_DONE:
            steps.append(("confirm", actors.by, {}, actors.at(done_on, AFTERNOON, 5)))
    for action, actor, data, at in steps:
        task = workflow.perform(
            task,
            action,
            by=actor,
            data=data,
            at=at,
            calendar=actors.calendar,
            notify=False,
        )
    said = [
        planned.status_text if planned.completed_on is None else "",
        planned.note,
    ]
    said = [s for s in said if s]
    if said:
        # What the spreadsheet said beyond the state, kept on the task as of now.
        task = workflow.perform(
            task,
            "comment",
            by=actors.by,
            data={
                "text": _("From the spreadsheet %(file)s: %(text)s")
                % {"file": actors.file_name, "text": " — ".join(said)}
            },
            at=actors.now,
            notify=False,
        )
    return task


def commit(
    plan: Plan,
    *,
    by: User,
    today: date,
    now: datetime,
    file_name: str,
    progress: Progress | None = None,
) -> Plan:
    """Import a checked plan, all rows or none; refusals found now are added."""
    if not plan.ok:
        return plan
    calendar = WorkCalendar.load()
    actors = _Actors(by, Lookups(by=by), calendar, now, file_name)
    total = sum(len(d.tasks) for d in plan.directives)
    done = 0
    try:
        with transaction.atomic():
            for group in plan.directives:
                _write(group, actors, today=today)
                done += len(group.tasks)
                if progress is not None:
                    progress(done, total)
    except InvalidInput as exc:
        sheet, row, headers = _row_of(plan, exc)
        for name, messages in exc.errors.items():
            column = TASK_FIELD_COLUMN.get(name, name)
            header = headers.get(name) or headers.get(column)
            label = header or str(FIELDS.get(column, name))
            plan.errors.extend(Refusal(sheet, row, label, m) for m in messages)
        return plan
    except DomainError as exc:
        plan.errors.append(Refusal("", 0, "", exc.message))
        return plan
    plan.committed = True
    return plan


class _RowRefused(InvalidInput):
    """An InvalidInput said of one planned task (sheet, row, headers)."""

    def __init__(self, exc: InvalidInput, where: tuple[str, int, dict[str, str]]):
        super().__init__(exc.errors)
        self.where = where


def _row_of(plan: Plan, exc: InvalidInput) -> tuple[str, int, dict[str, str]]:
    if isinstance(exc, _RowRefused):
        return exc.where
    first = plan.directives[0]
    return first.sheet, first.row, first.headers


def _write(group: PlannedDirective, actors: _Actors, *, today: date) -> None:
    by, calendar = actors.by, actors.calendar
    values = [t.create_values(group.issued_on) for t in group.tasks]
    try:
        if group.existing is None:
            created = record_directive(
                {
                    "kind": group.kind,
                    "number": group.number,
                    "issued_on": group.issued_on,
                    "summary": group.summary,
                    "signer": group.signer,
                },
                tasks=values,
                by=by,
                source=Directive.Source.IMPORT,
                today=today,
                calendar=calendar,
            ).tasks
        else:
            created = [
                task_services.create_task(
                    directive=group.existing,
                    by=by,
                    calendar=calendar,
                    refresh_handover=False,
                    **v,
                )
                for v in values
            ]
            handover.refresh_handover_due(group.existing, calendar)
    except InvalidInput as exc:
        index = exc.row if exc.row is not None and exc.row < len(group.tasks) else None
        where = group.tasks[index] if index is not None else None
        raise _RowRefused(
            exc,
            (where.sheet, where.row, group.headers)
            if where
            else (group.sheet, group.row, group.headers),
        ) from exc
    for task, planned in zip(created, group.tasks, strict=True):
        try:
            _play(task, planned, actors)
        except InvalidInput as exc:
            raise _RowRefused(exc, (planned.sheet, planned.row, group.headers)) from exc
