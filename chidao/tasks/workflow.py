"""The task state machine: one table of steps, one function that applies them.

Every step checks who acts (403), the state (409) and the input (422), then
moves the row with a conditional UPDATE whose row count is checked, so a step
taken twice at the same moment happens once; then it writes an append-only
TaskEvent. API.md's actions table is the contract.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from chidao.directives.models import Directive
from chidao.lib.errors import InvalidInput, NotAllowed, WrongState
from chidao.workdays.calendar import WorkCalendar

from . import permissions, services
from .models import Comment, ExtensionRequest, ProgressReport, Task, TaskEvent

if TYPE_CHECKING:
    from chidao.accounts.models import User

S = Task.State
ALL_STATES = frozenset(S.values)


@dataclass(frozen=True)
class Step:
    label: str
    sources: frozenset[str]
    # None: the state stays (a report without "done", an extension, a comment).
    target: str | None
    allowed: Callable[[User, Task], bool]
    who: str
    needs_reason: bool = False


STEPS: dict[str, Step] = {
    "hand_over": Step(
        pgettext_lazy("task action", "Hand over"),
        frozenset({S.DRAFT}),
        S.HANDED_OVER,
        permissions.is_tracker,
        gettext_lazy("Only the Office hands tasks over."),
    ),
    # Art. 6.2a: the agency checks what it received and accepts or returns it.
    "accept": Step(
        pgettext_lazy("task action", "Accept"),
        frozenset({S.HANDED_OVER}),
        S.ACCEPTED,
        permissions.is_lead_agency,
        gettext_lazy("Only the lead agency accepts a task."),
    ),
    "return": Step(
        pgettext_lazy("task action", "Return"),
        frozenset({S.HANDED_OVER}),
        S.RETURNED,
        permissions.is_lead_agency,
        gettext_lazy("Only the lead agency returns a task."),
        needs_reason=True,
    ),
    "revise": Step(
        pgettext_lazy("task action", "Revise"),
        frozenset({S.RETURNED}),
        S.DRAFT,
        permissions.is_tracker,
        gettext_lazy("Only the Office revises a returned task."),
    ),
    # Art. 6.2b, 7.2: the agency records status and results.
    "report": Step(
        pgettext_lazy("task action", "Progress report"),
        frozenset({S.ACCEPTED}),
        None,
        permissions.is_lead_agency,
        gettext_lazy("Only the lead agency reports on a task."),
    ),
    # Art. 8.2: the Office checks what agencies report.
    "confirm": Step(
        pgettext_lazy("task action", "Confirm done"),
        frozenset({S.REPORTED_DONE}),
        S.CONFIRMED_DONE,
        permissions.is_tracker,
        gettext_lazy("Only the Office confirms a task done."),
    ),
    "reopen": Step(
        pgettext_lazy("task action", "Reopen"),
        frozenset({S.REPORTED_DONE, S.CONFIRMED_DONE}),
        S.ACCEPTED,
        permissions.is_tracker,
        gettext_lazy("Only the Office reopens a task."),
        needs_reason=True,
    ),
    "request_extension": Step(
        pgettext_lazy("task action", "Request an extension"),
        frozenset({S.HANDED_OVER, S.ACCEPTED}),
        None,
        permissions.is_lead_agency,
        gettext_lazy("Only the lead agency requests an extension."),
        needs_reason=True,
    ),
    "approve_extension": Step(
        pgettext_lazy("task action", "Approve the extension"),
        frozenset({S.HANDED_OVER, S.ACCEPTED, S.REPORTED_DONE}),
        None,
        permissions.is_tracker_lead,
        gettext_lazy("Only the office lead decides on extensions."),
    ),
    "refuse_extension": Step(
        pgettext_lazy("task action", "Refuse the extension"),
        frozenset({S.HANDED_OVER, S.ACCEPTED, S.REPORTED_DONE}),
        None,
        permissions.is_tracker_lead,
        gettext_lazy("Only the office lead decides on extensions."),
        needs_reason=True,
    ),
    "cancel": Step(
        pgettext_lazy("task action", "Cancel"),
        ALL_STATES - {S.CONFIRMED_DONE, S.CANCELLED},
        S.CANCELLED,
        permissions.is_tracker_lead,
        gettext_lazy("Only the office lead cancels a task."),
        needs_reason=True,
    ),
    # Art. 8: exchanges between the Office and the agencies; no state change.
    "comment": Step(
        pgettext_lazy("task action", "Comment"),
        ALL_STATES - {S.DRAFT},
        None,
        permissions.can_comment,
        gettext_lazy("Only the Office and the agencies of this task comment on it."),
    ),
}
ACTIONS = tuple(STEPS)


def allowed_actions(task: Task, user: User) -> list[str]:
    """The actions `user` may take on `task` in its current state."""
    names = [
        name
        for name, step in STEPS.items()
        if task.state in step.sources and step.allowed(user, task)
    ]
    if {"request_extension", "approve_extension", "refuse_extension"} & set(names):
        waiting = task.extensions.filter(
            state=ExtensionRequest.State.REQUESTED
        ).exists()
        hidden = {"request_extension"} if waiting or task.deadline is None else set()
        if not waiting:
            hidden |= {"approve_extension", "refuse_extension"}
        names = [n for n in names if n not in hidden]
    return names


def _wrong_state(task: Task, action: str) -> WrongState:
    return WrongState(
        _("This task is “%(state)s”: “%(action)s” is not possible now.")
        % {"state": Task.State(task.state).label, "action": STEPS[action].label}
    )


def _reason(payload: dict[str, Any], step: Step) -> str:
    reason = str(payload.get("reason") or payload.get("note") or "").strip()
    if step.needs_reason and not reason:
        raise InvalidInput({"reason": [_("Give the reason.")]})
    return reason


@transaction.atomic
def perform(
    task: Task,
    action: str,
    *,
    by: User,
    today: date | None = None,
    calendar: WorkCalendar | None = None,
    **payload: Any,
) -> Task:
    """Apply `action` to `task` as `by`, record it, and return the fresh task."""
    step = STEPS.get(action)
    if step is None:
        raise InvalidInput({"action": [_("Unknown action.")]})
    if not step.allowed(by, task):
        raise NotAllowed(str(step.who))
    if task.state not in step.sources:
        raise _wrong_state(task, action)
    today = today or timezone.localdate()
    handler = _HANDLERS.get(action, _move)
    handler(task, action, step, by=by, today=today, calendar=calendar, **payload)
    task.refresh_from_db()
    return task


def _move(
    task: Task,
    action: str,
    step: Step,
    *,
    by: User,
    today: date,
    target: str | None = None,
    note: str | None = None,
    fields: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    **payload: Any,
) -> str:
    """The conditional UPDATE and the event every step shares."""
    if note is None:
        note = _reason(payload, step)
    target = target or step.target or task.state
    moved = Task.objects.filter(
        pk=task.pk, state=task.state, version=task.version
    ).update(
        state=target,
        version=F("version") + 1,
        updated_at=timezone.now(),
        **(fields or {}),
    )
    if moved != 1:  # someone else moved it first: report the state it is in now
        task.refresh_from_db(fields=["state", "version"])
        raise _wrong_state(task, action)
    TaskEvent.objects.create(
        task=task,
        actor=by,
        action=action,
        from_state=task.state,
        to_state=target,
        note=note,
        data=data or {},
    )
    return target


def _hand_over(task: Task, action: str, step: Step, *, by: User, **kw: Any) -> None:
    if task.lead_agency.dissolved_on is not None:
        raise InvalidInput(
            {"lead_agency": [_("The lead agency has been dissolved; choose another.")]}
        )
    _move(task, action, step, by=by, fields={"handed_over_at": timezone.now()}, **kw)
    services.notify(
        services.agency_people(task.lead_agency_id),
        title=_("New task handed over: %(number)s") % {"number": task.directive.number},
        body=task.content[:300],
        url=task.get_absolute_url(),
        key=f"hand_over:{task.pk}:{task.version + 1}",
    )


def _accept(task: Task, action: str, step: Step, *, by: User, **kw: Any) -> None:
    _move(task, action, step, by=by, fields={"accepted_at": timezone.now()}, **kw)


def _return(task: Task, action: str, step: Step, *, by: User, **kw: Any) -> None:
    reason = _reason(kw, step)
    _move(task, action, step, by=by, note=reason, **kw)
    services.notify(
        services.trackers_of(task),
        title=_("Task returned by %(agency)s") % {"agency": task.lead_agency},
        body=reason,
        url=task.get_absolute_url(),
        key=f"return:{task.pk}:{task.version + 1}",
    )


def _report(
    task: Task,
    action: str,
    step: Step,
    *,
    by: User,
    today: date,
    text: str = "",
    done: bool = False,
    completed_on: date | None = None,
    **kw: Any,
) -> None:
    text = (text or "").strip()
    errors: dict[str, list[str]] = {}
    if not text:
        errors["text"] = [_("Write what has been done.")]
    if done:
        if completed_on is None:
            errors["completed_on"] = [_("Enter the date the task was completed.")]
        elif completed_on > today:
            errors["completed_on"] = [_("The completion date cannot be in the future.")]
        elif completed_on < task.directive.issued_on:
            errors["completed_on"] = [
                _("The completion date cannot be before the directive's issue date.")
            ]
    if errors:
        raise InvalidInput(errors)
    target = S.REPORTED_DONE if done else S.ACCEPTED
    fields = {"completed_on": completed_on} if done else {}
    data = {"done": bool(done)}
    if done:
        data["completed_on"] = completed_on.isoformat()
    _move(
        task,
        action,
        step,
        by=by,
        today=today,
        target=target,
        note=text,
        fields=fields,
        data=data,
        **kw,
    )
    ProgressReport.objects.create(
        task=task, text=text, is_done=bool(done), completed_on=completed_on, by=by
    )
    if done:
        services.notify(
            services.trackers_of(task),
            title=_("Task reported done by %(agency)s") % {"agency": task.lead_agency},
            body=text[:300],
            url=task.get_absolute_url(),
            key=f"report_done:{task.pk}:{task.version + 1}",
        )


def _confirm(
    task: Task, action: str, step: Step, *, by: User, today: date, **kw: Any
) -> None:
    _move(task, action, step, by=by, today=today, fields={"confirmed_on": today}, **kw)


def _reopen(task: Task, action: str, step: Step, *, by: User, **kw: Any) -> None:
    data = {
        "completed_on": task.completed_on.isoformat() if task.completed_on else None
    }
    _move(
        task,
        action,
        step,
        by=by,
        fields={"completed_on": None, "confirmed_on": None},
        data=data,
        **kw,
    )
    services.notify(
        services.agency_people(task.lead_agency_id),
        title=_("Task reopened by the Office"),
        body=str(kw.get("reason") or ""),
        url=task.get_absolute_url(),
        key=f"reopen:{task.pk}:{task.version + 1}",
    )


def _request_extension(
    task: Task,
    action: str,
    step: Step,
    *,
    by: User,
    today: date,
    new_deadline: date | None = None,
    **kw: Any,
) -> None:
    reason = _reason(kw, step)
    if task.deadline is None:
        raise InvalidInput(
            {"new_deadline": [_("This task has no deadline to extend.")]}
        )
    if new_deadline is None:
        raise InvalidInput({"new_deadline": [_("Enter the deadline you ask for.")]})
    if new_deadline <= task.deadline:
        raise InvalidInput(
            {"new_deadline": [_("The new deadline must be after the current one.")]}
        )
    if task.extensions.filter(state=ExtensionRequest.State.REQUESTED).exists():
        raise WrongState(_("An extension request is already awaiting a decision."))
    _move(
        task,
        action,
        step,
        by=by,
        today=today,
        note=reason,
        data={
            "old_deadline": task.deadline.isoformat(),
            "new_deadline": new_deadline.isoformat(),
        },
        **kw,
    )
    ExtensionRequest.objects.create(
        task=task,
        old_deadline=task.deadline,
        new_deadline=new_deadline,
        reason=reason,
        requested_by=by,
    )
    if task.parent_id is not None:
        deciders = [
            u
            for u in services.agency_people(task.parent.lead_agency_id)
            if u.has_role("agency_lead")
        ]
    else:
        deciders = services.office_leads()
    services.notify(
        deciders,
        title=_("Extension requested by %(agency)s") % {"agency": task.lead_agency},
        body=reason,
        url=task.get_absolute_url(),
        key=f"extension:{task.pk}:{new_deadline.isoformat()}",
    )


def _decide_extension(
    task: Task,
    action: str,
    step: Step,
    *,
    by: User,
    today: date,
    calendar: WorkCalendar | None = None,
    **kw: Any,
) -> None:
    approve = action == "approve_extension"
    reason = _reason(kw, step)
    request = task.extensions.filter(state=ExtensionRequest.State.REQUESTED).first()
    if request is None:
        raise WrongState(_("There is no extension request awaiting a decision."))
    decided = ExtensionRequest.objects.filter(
        pk=request.pk, state=ExtensionRequest.State.REQUESTED
    ).update(
        state=ExtensionRequest.State.APPROVED
        if approve
        else ExtensionRequest.State.REFUSED,
        decided_by=by,
        decided_at=timezone.now(),
        decision_note=reason,
    )
    if decided != 1:
        raise WrongState(_("This extension request has already been decided."))
    fields: dict[str, Any] = {}
    data = {
        "request": request.pk,
        "old_deadline": request.old_deadline.isoformat(),
        "new_deadline": request.new_deadline.isoformat(),
    }
    if approve:
        fields["deadline"] = request.new_deadline
        fields["report_due"] = Task(deadline=request.new_deadline).compute_report_due(
            calendar
        )
    _move(
        task,
        action,
        step,
        by=by,
        today=today,
        note=reason,
        fields=fields,
        data=data,
        **kw,
    )
    services.notify(
        services.agency_people(task.lead_agency_id),
        title=_("Extension approved") if approve else _("Extension refused"),
        body=reason,
        url=task.get_absolute_url(),
        key=f"extension_decided:{request.pk}",
    )


def _cancel(task: Task, action: str, step: Step, *, by: User, **kw: Any) -> None:
    reason = _reason(kw, step)
    _move(
        task,
        action,
        step,
        by=by,
        note=reason,
        fields={"cancelled_at": timezone.now()},
        **kw,
    )
    task.extensions.filter(state=ExtensionRequest.State.REQUESTED).update(
        state=ExtensionRequest.State.REFUSED,
        decided_by=by,
        decided_at=timezone.now(),
        decision_note=reason,
    )
    if task.handed_over_at is not None:
        services.notify(
            services.agency_people(task.lead_agency_id),
            title=_("Task cancelled by the Office"),
            body=reason,
            url=task.get_absolute_url(),
            key=f"cancel:{task.pk}",
        )


def _comment(
    task: Task, action: str, step: Step, *, by: User, text: str = "", **kw: Any
) -> None:
    text = (text or "").strip()
    if not text:
        raise InvalidInput({"text": [_("Write a comment.")]})
    Comment.objects.create(task=task, text=text, by=by)
    # A comment changes nothing on the task, so it bumps no version.
    TaskEvent.objects.create(
        task=task,
        actor=by,
        action=action,
        from_state=task.state,
        to_state=task.state,
        note=text,
    )


_HANDLERS: dict[str, Callable[..., Any]] = {
    "hand_over": _hand_over,
    "accept": _accept,
    "return": _return,
    "report": _report,
    "confirm": _confirm,
    "reopen": _reopen,
    "request_extension": _request_extension,
    "approve_extension": _decide_extension,
    "refuse_extension": _decide_extension,
    "cancel": _cancel,
    "comment": _comment,
}


@transaction.atomic
def hand_over_all(directive: Directive, *, by: User, today: date | None = None) -> int:
    """Hand over every draft task of `directive` at once; return how many."""
    if not permissions.is_office(by):
        raise NotAllowed(str(STEPS["hand_over"].who))
    drafts = list(
        directive.tasks.filter(state=S.DRAFT, parent__isnull=True)
        .select_for_update()
        .select_related("lead_agency", "directive")
    )
    for task in drafts:
        perform(task, "hand_over", by=by, today=today)
    return len(drafts)
