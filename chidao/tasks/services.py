"""Creating and changing tasks outside the state machine (see workflow.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.accounts.models import Role, User
from chidao.agencies.models import Agency
from chidao.directives.models import Directive
from chidao.lib.errors import InvalidInput, NotAllowed, StaleVersion, WrongState
from chidao.notifications.services import deliver, written_for
from chidao.workdays.calendar import WorkCalendar

from . import handover, periodic, permissions, reach, recipients, standing
from .events import record_event
from .models import Sector, Task, TaskEvent, TaskHistory, search_text_of

if TYPE_CHECKING:
    from chidao.agencies.models import AgencyMerge


# Fields an edit may change; the last four shape the task and are fixed once
# it has been handed over (a deadline then moves only by an approved extension).
EDITABLE_FIELDS = (
    "content",
    "tracking_officer",
    "sector",
    "cooperating_agencies",
    "lead_agency",
    "kind",
    "deadline",
    "period",
)
SHAPE_FIELDS = frozenset({"lead_agency", "kind", "deadline", "period"})
EDITABLE_SHAPE_STATES = frozenset({Task.State.DRAFT, Task.State.RETURNED})


# -- validation -----------------------------------------------------------


def task_field_errors(
    *,
    directive: Directive,
    kind: str,
    deadline: date | None,
    period: str,
    lead_agency: Agency | None = None,
    cooperating_agencies: Iterable[Agency] = (),
    tracking_officer: User | None = None,
    content: str | None = None,
) -> dict[str, list[str]]:
    """Every rule on a task's fields, as {field: [messages]} (empty when fine)."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if content is not None and not content.strip():
        add("content", _("Enter what the agency must do."))
    if kind not in Task.Kind.values:
        add("kind", _("Choose a kind of task from the list."))
    elif kind in Task.DEADLINE_KINDS and deadline is None:
        # Art. 4.1: tasks of these kinds have a deadline.
        add("deadline", _("A task of this kind needs a deadline."))
    elif kind not in Task.DEADLINE_KINDS and deadline is not None:
        add("deadline", _("A task of this kind has no deadline; leave it empty."))
    if kind == Task.Kind.PERIODIC_REPORT and not period:
        # Art. 7.2b: quarterly, half-yearly or yearly reports.
        add("period", _("Choose how often the agency reports."))
    elif kind != Task.Kind.PERIODIC_REPORT and period:
        add("period", _("Only a task with periodic reports has a period."))
    if period and period not in Task.Period.values:
        add("period", _("Choose a period from the list."))
    if deadline is not None and deadline < directive.issued_on:
        add(
            "deadline",
            _("The deadline cannot be before the directive's issue date (%(day)s).")
            % {"day": directive.issued_on.strftime("%d/%m/%Y")},
        )
    if lead_agency is not None:
        if lead_agency.dissolved_on is not None:
            add("lead_agency", _("This agency has been dissolved."))
        if any(a.pk == lead_agency.pk for a in cooperating_agencies):
            add(
                "cooperating_agencies",
                _("The lead agency cannot also be a cooperating agency."),
            )
    if any(a.dissolved_on is not None for a in cooperating_agencies):
        add("cooperating_agencies", _("One of these agencies has been dissolved."))
    if tracking_officer is not None and not tracking_officer.has_role(
        Role.TRACKING_OFFICER, Role.OFFICE_LEAD
    ):
        add("tracking_officer", _("Choose a tracking officer of the Office."))
    return errors


def _snapshot_value(value: object) -> object:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "all"):  # a related manager or queryset
        value = list(value.all())
    if isinstance(value, list | tuple | set | frozenset):
        return "; ".join(sorted(str(v) for v in value))
    return str(value)


# -- creation -------------------------------------------------------------


@transaction.atomic
def create_task(
    *,
    directive: Directive,
    content: str,
    lead_agency: Agency,
    cooperating_agencies: Iterable[Agency] = (),
    tracking_officer: User | None = None,
    kind: str,
    deadline: date | None = None,
    period: str = "",
    sector: Sector | None = None,
    by: User,
    at: datetime | None = None,
    calendar: WorkCalendar | None = None,
    refresh_handover: bool = True,
) -> Task:
    """Record a draft task of `directive` (Art. 6.1); the Office hands it over.

    `refresh_handover=False` lets a caller adding several tasks refresh the
    directive's Art. 7.1 limit once at the end.
    """
    if not permissions.can_create_tasks(by):
        raise NotAllowed(_("Only the Office records tasks."))
    cooperating = list(cooperating_agencies)
    errors = task_field_errors(
        directive=directive,
        kind=kind,
        deadline=deadline,
        period=period or "",
        lead_agency=lead_agency,
        cooperating_agencies=cooperating,
        tracking_officer=tracking_officer,
        content=content,
    )
    if errors:
        raise InvalidInput(errors)
    at = at or timezone.now()
    task = Task(
        directive=directive,
        content=content.strip(),
        lead_agency=lead_agency,
        tracking_officer=tracking_officer,
        sector=sector,
        kind=kind,
        deadline=deadline,
        original_deadline=deadline,
        period=period or "",
        created_by=by,
        created_at=at,
    )
    task.report_due = task.compute_report_due(calendar)
    task.save()
    if cooperating:
        task.cooperating_agencies.set(cooperating)
    record_event(
        task,
        TaskEvent.Action.CREATE,
        by=by,
        at=at,
        from_state="",
        data={"lead_agency": lead_agency.pk, "deadline": _snapshot_value(deadline)},
    )
    if refresh_handover:
        handover.refresh_handover_due(directive, calendar)
    return task


def _parent_units(parent: Task) -> set[int]:
    """Art. 9.2: the units below the parent's lead agency."""
    return Agency.objects.subtree_ids(parent.lead_agency_id) - {parent.lead_agency_id}


def _subtask_errors(
    parent: Task, *, lead_agency: Agency, content: str, deadline: date | None
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if lead_agency.pk not in _parent_units(parent):
        errors["lead_agency"] = [_("Choose one of your agency's own units.")]
    elif lead_agency.dissolved_on is not None:
        errors["lead_agency"] = [_("This agency has been dissolved.")]
    if not content.strip():
        errors["content"] = [_("Enter what the unit must do.")]
    if deadline is not None:
        if parent.deadline is not None and deadline > parent.deadline:
            errors["deadline"] = [
                _("The unit's deadline cannot be after the task's deadline (%(day)s).")
                % {"day": parent.deadline.strftime("%d/%m/%Y")}
            ]
        if deadline < parent.directive.issued_on:
            errors.setdefault("deadline", []).append(
                _("The deadline cannot be before the directive's issue date.")
            )
    return errors


@transaction.atomic
def create_subtask(
    parent: Task,
    *,
    lead_agency: Agency,
    content: str,
    deadline: date | None = None,
    by: User,
    at: datetime | None = None,
    calendar: WorkCalendar | None = None,
) -> Task:
    """Art. 9.2: the lead agency hands part of its task to one of its units.

    The sub-task goes straight to the unit, which accepts it and reports up.
    """
    if not permissions.can_create_subtask(by, parent):
        raise NotAllowed(
            _("Only the lead agency hands parts of its task to its units.")
        )
    if parent.state != Task.State.ACCEPTED:
        raise WrongState(_("Accept the task before handing parts of it to your units."))
    errors = _subtask_errors(
        parent, lead_agency=lead_agency, content=content, deadline=deadline
    )
    if errors:
        raise InvalidInput(errors)
    at = at or timezone.now()
    sub = Task(
        directive=parent.directive,
        parent=parent,
        content=content.strip(),
        lead_agency=lead_agency,
        sector=parent.sector,
        kind=Task.Kind.DEADLINE_REPORT if deadline else Task.Kind.NO_REPORT,
        deadline=deadline,
        original_deadline=deadline,
        state=Task.State.DRAFT,
        created_by=by,
        created_at=at,
    )
    sub.report_due = sub.compute_report_due(calendar)
    sub.save()
    record_event(sub, TaskEvent.Action.CREATE, by=by, at=at, from_state="")
    Task.objects.filter(pk=sub.pk).update(
        state=Task.State.HANDED_OVER, handed_over_at=at
    )
    sub.refresh_from_db()
    record_event(
        sub,
        TaskEvent.Action.HAND_OVER,
        by=by,
        at=at,
        from_state=Task.State.DRAFT,
        to_state=Task.State.HANDED_OVER,
    )
    periodic.ensure_updates(sub, until=timezone.localdate(at), calendar=calendar)
    record_event(
        parent,
        TaskEvent.Action.SUBTASK,
        by=by,
        at=at,
        note=sub.content,
        data={"subtask": sub.pk, "unit": lead_agency.pk},
    )
    deliver(
        written_for(
            recipients.people(sub, recipients.Audience.AGENCY),
            lambda: (
                _("New task from %(agency)s") % {"agency": parent.lead_agency},
                sub.content[:300],
            ),
            url=sub.get_absolute_url(),
            key=f"subtask:{sub.pk}",
        )
    )
    return sub


# -- editing --------------------------------------------------------------


@dataclass
class Edit:
    """What an edit changes: the task's fields before and after."""

    before: dict[str, object]
    after: dict[str, object]
    changed: set[str]


def diff_edit(task: Task, changes: dict[str, object]) -> Edit:
    """Compare the requested values with the task's own (no write)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput(
            {name: [_("This field cannot be changed.")] for name in unknown}
        )
    before: dict[str, object] = {
        name: getattr(task, name)
        for name in EDITABLE_FIELDS
        if name != "cooperating_agencies"
    }
    before["cooperating_agencies"] = list(task.cooperating_agencies.all())
    after = {**before, **changes}
    after["cooperating_agencies"] = list(after["cooperating_agencies"])  # type: ignore[call-overload]
    after["content"] = str(after["content"] or "").strip()
    after["period"] = after["period"] or ""
    changed = {
        k for k in after if k != "cooperating_agencies" and after[k] != before[k]
    }
    if {a.pk for a in after["cooperating_agencies"]} != {  # type: ignore[attr-defined]
        a.pk
        for a in before["cooperating_agencies"]  # type: ignore[attr-defined]
    }:
        changed.add("cooperating_agencies")
    return Edit(before, after, changed)


def check_edit(task: Task, edit: Edit) -> None:
    """Refuse an edit the task's state or the field rules do not allow."""
    _check_open(task)
    if edit.changed & SHAPE_FIELDS and task.state not in EDITABLE_SHAPE_STATES:
        raise InvalidInput(
            {
                name: [
                    _(
                        "Once handed over, the lead agency, kind and deadline change "
                        "only through a return, an approved extension or the office "
                        "lead's adjustment."
                    )
                ]
                for name in sorted(edit.changed & SHAPE_FIELDS)
            }
        )
    check_fields(task, edit)


def _check_open(task: Task) -> None:
    if task.state in Task.CLOSED_STATES:
        raise WrongState(
            _("This task is %(state)s; it can no longer be edited.")
            % {"state": task.get_state_display()}
        )


def check_fields(task: Task, edit: Edit) -> None:
    """The field rules of Art. 4-5 on the values an edit or adjustment leaves."""
    after = edit.after
    if (
        task.parent_id is not None
        and "lead_agency" in edit.changed
        and getattr(after["lead_agency"], "pk", None) not in _parent_units(task.parent)
    ):
        # A sub-task stays inside the parent's agency, whatever the state.
        raise InvalidInput(
            {"lead_agency": [_("Choose one of your agency's own units.")]}
        )
    errors = task_field_errors(
        directive=task.directive,
        kind=after["kind"],  # type: ignore[arg-type]
        deadline=after["deadline"],  # type: ignore[arg-type]
        period=after["period"],  # type: ignore[arg-type]
        lead_agency=after["lead_agency"],  # type: ignore[arg-type]
        cooperating_agencies=after["cooperating_agencies"],  # type: ignore[arg-type]
        tracking_officer=after["tracking_officer"],  # type: ignore[arg-type]
        content=after["content"],  # type: ignore[arg-type]
    )
    if errors:
        raise InvalidInput(errors)


def edit_row(
    task: Task, edit: Edit, calendar: WorkCalendar | None
) -> dict[str, object]:
    """The task's columns an edit changes, with the ones derived from them."""
    row = {k: edit.after[k] for k in edit.changed if k != "cooperating_agencies"}
    if "deadline" in edit.changed:
        row["report_due"] = standing.report_due_for(edit.after["deadline"], calendar)  # type: ignore[arg-type]
    if "content" in edit.changed:
        row["search_text"] = search_text_of(str(edit.after["content"]), task.directive)
    return row


def changes_of(edit: Edit) -> dict[str, list[object]]:
    """An edit's changes as the event log keeps them: {field: [before, after]}."""
    return {
        name: [_snapshot_value(edit.before[name]), _snapshot_value(edit.after[name])]
        for name in sorted(edit.changed)
    }


def _write_edit(
    task: Task,
    edit: Edit,
    *,
    by: User,
    at: datetime,
    calendar: WorkCalendar | None,
) -> Task:
    """Store the changed fields under the version read, with one event."""
    row = edit_row(task, edit, calendar)
    if "deadline" in edit.changed:  # before hand-over the deadline is the original
        row["original_deadline"] = edit.after["deadline"]
    moved = Task.objects.filter(pk=task.pk, version=task.version).update(
        **row, version=F("version") + 1, updated_at=at
    )
    if moved != 1:  # another officer saved between our read and this write
        raise StaleVersion()
    if "cooperating_agencies" in edit.changed:
        task.cooperating_agencies.set(edit.after["cooperating_agencies"])  # type: ignore[arg-type]
    task.refresh_from_db()
    record_event(
        task,
        TaskEvent.Action.UPDATE,
        by=by,
        at=at,
        data={"changes": changes_of(edit)},
    )
    if edit.changed & {"lead_agency", "cooperating_agencies"}:
        handover.refresh_handover_due(task.directive, calendar)
    return task


@transaction.atomic
def update_task(
    task: Task,
    *,
    by: User,
    version: int,
    at: datetime | None = None,
    calendar: WorkCalendar | None = None,
    **changes: object,
) -> Task:
    """Edit a task's fields with optimistic locking; every change is an event.

    `version` is the one the editor read; if someone saved since, StaleVersion.
    """
    if not permissions.can_edit(by, task):
        raise NotAllowed(_("Only the Office edits tasks."))
    edit = diff_edit(task, changes)
    if int(version) != task.version:
        raise StaleVersion()
    if "cooperating_agencies" in edit.changed and not (
        permissions.can_set_cooperating_agencies(
            by,
            task,
            {a.pk for a in edit.after["cooperating_agencies"]},  # type: ignore[attr-defined]
        )
    ):
        raise InvalidInput(
            {
                "cooperating_agencies": [
                    _("A sub-task's cooperating agencies are your agency's own units.")
                    if task.parent_id
                    else _("Only the Office names cooperating agencies.")
                ]
            }
        )
    check_edit(task, edit)
    if not edit.changed:
        return task
    return _write_edit(task, edit, by=by, at=at or timezone.now(), calendar=calendar)


# -- calendar and agency changes -----------------------------------------


def recompute_due_dates(*, since: date, calendar: WorkCalendar | None = None) -> int:
    """Recompute stored Art. 7 dates after the working-day calendar changed.

    Returns how many tasks' report due dates moved.
    """
    calendar = calendar or WorkCalendar.load()
    window = since - timedelta(days=15)
    changed = []
    tasks = (
        Task.objects.open()
        .filter(deadline__gte=window)
        .only("pk", "deadline", "report_due")
    )
    for task in tasks.iterator():
        due = task.compute_report_due(calendar)
        if due != task.report_due:
            task.report_due = due
            changed.append(task)
    Task.objects.bulk_update(changed, ["report_due"], batch_size=500)
    # A corrected calendar was always so: the current history rows follow it.
    due_of = {task.pk: task.report_due for task in changed}
    rows = list(TaskHistory.objects.filter(task_id__in=due_of, valid_to__isnull=True))
    for row in rows:
        row.report_due = due_of[row.task_id]
    TaskHistory.objects.bulk_update(rows, ["report_due"], batch_size=500)
    reach.follow(due_of)  # the awaiting-report queue reads the limit there
    # Art. 7.1 limits run at most 10 working days (about a month) after issue.
    handover.refresh_all(
        Directive.objects.filter(issued_on__gte=since - timedelta(days=31)), calendar
    )
    return len(changed)


@transaction.atomic
def move_tasks_of_merged_agency(merge: AgencyMerge, *, by: User | None) -> int:
    """Open tasks of a dissolved agency move to its successor, each with an event."""
    old, new = merge.dissolved, merge.into
    now = timezone.now()
    moved: set[int] = set()

    def record(task: Task, role: str, note: str, **row: object) -> None:
        Task.objects.filter(pk=task.pk).update(
            **row, version=F("version") + 1, updated_at=now
        )
        task.refresh_from_db()
        moved.add(task.pk)
        record_event(
            task,
            TaskEvent.Action.AGENCY_MOVED,
            by=by,
            at=now,
            note=note % {"old": old, "new": new},
            data={"role": role, "from": old.pk, "to": new.pk},
        )

    for task in Task.objects.open().filter(lead_agency=old).select_for_update():
        task.cooperating_agencies.remove(new)
        record(
            task, "lead", _("Lead agency %(old)s merged into %(new)s."), lead_agency=new
        )
    helping = Task.objects.open().filter(cooperating_agencies=old).exclude(pk__in=moved)
    for task in helping:
        task.cooperating_agencies.remove(old)
        if task.lead_agency_id != new.pk:
            task.cooperating_agencies.add(new)
        record(
            task, "cooperating", _("Cooperating agency %(old)s merged into %(new)s.")
        )
    handover.refresh_all(Directive.objects.filter(tasks__in=list(moved)).distinct())
    return len(moved)


def follow_directive(directive: Directive, *, changed: set[str]) -> None:
    """Keep the tasks in step after their directive's fields were corrected."""
    if changed & {"number", "summary"}:
        tasks = list(Task.objects.filter(directive=directive).only("pk", "content"))
        for task in tasks:
            task.search_text = search_text_of(task.content, directive)
        # One UPDATE for all of them.
        Task.objects.bulk_update(tasks, ["search_text"], batch_size=None)
    handover.refresh_handover_due(directive)
