"""The task state machine: one table of steps, one function that applies them.

Each `Step` says everything about one action of API.md's table: from which
states, to which state, who may take it, what form it asks for, what it does
beyond moving the state, what the user is told, whether the page asks before
doing it, and who hears of it. `perform` is the only way a step happens: it
checks who acts (403), the version read (409 stale) and the state (409), lets
the step check its input (422) and write its own rows, moves the task with a
conditional UPDATE whose row count is checked (a step taken twice at once
happens once), then records the event and the history and sends the notices.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from chidao.accounts.models import Role
from chidao.directives.models import Directive
from chidao.lib.errors import InvalidInput, NotAllowed, StaleVersion, WrongState
from chidao.notifications.services import deliver, written_for
from chidao.workdays.calendar import WorkCalendar

from . import directions, history, periodic, permissions, services
from . import forms as step_forms
from .events import record_event
from .models import (
    Comment,
    DirectionRequest,
    ExtensionRequest,
    ProgressReport,
    SignOff,
    Task,
)
from .naming import task_title
from .recipients import Audience, Directory

if TYPE_CHECKING:
    from chidao.accounts.models import User

S = Task.State
ALL_STATES = frozenset(S.values)


@dataclass
class Context:
    """One step being taken: what a step's `apply` reads."""

    task: Task
    step: Step
    by: User
    at: datetime
    data: dict[str, Any]
    calendar: WorkCalendar | None

    @property
    def today(self) -> date:
        return timezone.localdate(self.at)

    def reason(self) -> str:
        reason = str(self.data.get("reason") or self.data.get("note") or "").strip()
        if self.step.needs_reason and not reason:
            raise InvalidInput({"reason": [_("Give the reason.")]})
        return reason


@dataclass
class Change:
    """What a step does to the task: returned by `Step.apply`."""

    target: str | None = None  # None: the state stays
    fields: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    # Whether anyone hears of it (e.g. only a report that says "done").
    notify: bool = True
    # What makes the notice once-only; default the step and the task's version
    # (a step that does not move the task names its own row instead).
    key: str | None = None
    # Who hears of it when not the step's usual audience (a "done" report
    # that goes to the agency head first).
    notice: Notice | None = None


@dataclass(frozen=True)
class Notice:
    """Who hears of a step and what they read."""

    audience: Audience
    title: Callable[[Task], str]
    body: Callable[[Task, Change], str] = lambda task, change: change.note[:300]


def _plain(ctx: Context) -> Change:
    return Change(note=ctx.reason())


@dataclass(frozen=True)
class Step:
    name: str
    label: Promise
    sources: frozenset[str]
    # None: the state stays (a report without "done", an extension, a comment).
    target: str | None
    allowed: Callable[[User, Task], bool]
    refusal: Promise
    form: type[step_forms.ActionForm]
    done: Promise
    apply: Callable[[Context], Change] = _plain
    needs_reason: bool = False
    # The page asks before doing it, with this question.
    confirm: Promise | None = None
    # Shown as a danger button (it ends or refuses something).
    danger: bool = False
    notice: Notice | None = None
    # False for a step that changes nothing on the task (a comment).
    moves: bool = True
    # Whether the step makes sense now, beyond its states (e.g. a request open).
    available: Callable[[Task], bool] = lambda task: True
    # What follows once the task has moved (`ctx.task` is fresh by then).
    then: Callable[[Context], None] | None = None
    # The form's starting values from the task (an adjustment shows the task).
    initial: Callable[[Task], dict[str, Any]] | None = None

    def new_form(
        self, data: Any = None, *, version: int | None = None, task: Task | None = None
    ) -> forms.Form:
        initial: dict[str, Any] = {"version": version}
        if self.initial is not None and task is not None:
            initial.update(self.initial(task))
        return self.form(data, prefix=self.name, initial=initial)


# -- what each step does beyond moving the state -------------------------------


def _hand_over(ctx: Context) -> Change:
    if ctx.task.lead_agency.dissolved_on is not None:
        raise InvalidInput(
            {"lead_agency": [_("The lead agency has been dissolved; choose another.")]}
        )
    return Change(fields={"handed_over_at": ctx.at})


def _owe_updates(ctx: Context) -> None:
    # Art. 7.2b: from its hand-over, a task without a deadline owes updates.
    periodic.ensure_updates(ctx.task, until=ctx.today, calendar=ctx.calendar)


def _owe_no_more(ctx: Context) -> None:
    periodic.drop_after(ctx.task, ctx.today)


def _accept(ctx: Context) -> Change:
    return Change(fields={"accepted_at": ctx.at})


def _report(ctx: Context) -> Change:
    task = ctx.task
    text = str(ctx.data.get("text") or "").strip()
    difficulties = str(ctx.data.get("difficulties") or "").strip()
    proposals = str(ctx.data.get("proposals") or "").strip()
    done = bool(ctx.data.get("done"))
    completed_on = ctx.data.get("completed_on") if done else None
    errors: dict[str, list[str]] = {}
    if not text:
        errors["text"] = [_("Write what has been done.")]
    if done:
        if completed_on is None:
            errors["completed_on"] = [_("Enter the date the task was completed.")]
        elif completed_on > ctx.today:
            errors["completed_on"] = [_("The completion date cannot be in the future.")]
        elif completed_on < task.directive.issued_on:
            errors["completed_on"] = [
                _("The completion date cannot be before the directive's issue date.")
            ]
    if errors:
        raise InvalidInput(errors)
    if done and permissions.needs_sign_off(ctx.by, task):
        return _to_the_head(ctx, text, completed_on)
    ProgressReport.objects.create(
        task=task,
        text=text,
        difficulties=difficulties,
        proposals=proposals,
        is_done=done,
        completed_on=completed_on,
        by=ctx.by,
        at=ctx.at,
    )
    data: dict[str, Any] = {"done": done}
    # The timeline shows them with the report's text.
    if difficulties:
        data["difficulties"] = difficulties
    if proposals:
        data["proposals"] = proposals
    if done:
        data["completed_on"] = completed_on.isoformat()
    return Change(
        target=S.REPORTED_DONE if done else S.ACCEPTED,
        fields={"completed_on": completed_on} if done else {},
        note=text,
        data=data,
        notify=done,
    )


def _pending_sign_off(task: Task) -> SignOff | None:
    return task.sign_offs.filter(state=SignOff.State.PENDING).first()


def _drop_sign_off(ctx: Context, reason: str) -> None:
    """A "done" report awaiting the head ends with the task or its lead agency."""
    ctx.task.sign_offs.filter(state=SignOff.State.PENDING).update(
        state=SignOff.State.SENT_BACK,
        decided_by=ctx.by,
        decided_at=ctx.at,
        reason=reason,
    )


def _to_the_head(ctx: Context, text: str, completed_on: date) -> Change:
    """Art. 8.1: the officer's "done" report waits for the agency head; the
    task stays accepted and nothing reaches the Office until approved."""
    if _pending_sign_off(ctx.task) is not None:
        raise WrongState(_("A done report is already awaiting the head's approval."))
    sign_off = SignOff.objects.create(
        task=ctx.task, text=text, completed_on=completed_on, by=ctx.by, at=ctx.at
    )
    return Change(
        note=text,
        data={
            "done": True,
            "completed_on": completed_on.isoformat(),
            "sign_off": sign_off.pk,
        },
        key=f"sign_off:{sign_off.pk}",
        notice=Notice(
            Audience.HEADS,
            lambda t: _("Done report to approve: %(number)s") % _number(t),
        ),
    )


def _approve_done(ctx: Context) -> Change:
    """The head approves: from now the report is filed and awaits the Office."""
    task = ctx.task
    sign_off = _pending_sign_off(task)
    if sign_off is None:
        raise WrongState(_("There is no done report awaiting approval."))
    decided = SignOff.objects.filter(
        pk=sign_off.pk, state=SignOff.State.PENDING
    ).update(state=SignOff.State.APPROVED, decided_by=ctx.by, decided_at=ctx.at)
    if decided != 1:
        raise WrongState(_("This done report has already been decided."))
    # Filed today: the day it reaches the Office (Art. 7.2 counts from it).
    report = ProgressReport.objects.create(
        task=task,
        text=sign_off.text,
        is_done=True,
        completed_on=sign_off.completed_on,
        by=sign_off.by,
        at=ctx.at,
    )
    SignOff.objects.filter(pk=sign_off.pk).update(report=report)
    return Change(
        target=S.REPORTED_DONE,
        fields={"completed_on": sign_off.completed_on},
        note=ctx.reason(),
        data={
            "done": True,
            "completed_on": sign_off.completed_on.isoformat(),
            "sign_off": sign_off.pk,
            "reported_by": sign_off.by_id,
        },
    )


def _send_back_done(ctx: Context) -> Change:
    reason = ctx.reason()
    sign_off = _pending_sign_off(ctx.task)
    if sign_off is None:
        raise WrongState(_("There is no done report awaiting approval."))
    decided = SignOff.objects.filter(
        pk=sign_off.pk, state=SignOff.State.PENDING
    ).update(
        state=SignOff.State.SENT_BACK,
        decided_by=ctx.by,
        decided_at=ctx.at,
        reason=reason,
    )
    if decided != 1:
        raise WrongState(_("This done report has already been decided."))
    return Change(
        note=reason, data={"sign_off": sign_off.pk}, key=f"send_back:{sign_off.pk}"
    )


def _confirm(ctx: Context) -> Change:
    return Change(fields={"confirmed_on": ctx.today}, note=ctx.reason())


def _reopen(ctx: Context) -> Change:
    completed = ctx.task.completed_on
    data: dict[str, Any] = {
        "completed_on": completed.isoformat() if completed else None
    }
    if ctx.data.get("done_wrongly"):  # Art. 10.4: counted in the reports
        data["done_wrongly"] = True
    return Change(
        fields={"completed_on": None, "confirmed_on": None},
        note=ctx.reason(),
        data=data,
    )


# What the office lead may change on a task already handed over (Art. 10.4).
ADJUSTABLE = (
    "content",
    "lead_agency",
    "cooperating_agencies",
    "kind",
    "deadline",
    "period",
)


def _adjust(ctx: Context) -> Change:
    """Art. 10.4: change a handed-over task; the values before stay in history
    (reports as of an earlier day read them) and in the event."""
    task, reason = ctx.task, ctx.reason()
    changes = {name: ctx.data[name] for name in ADJUSTABLE if name in ctx.data}
    kind = changes.get("kind")
    if kind is not None and kind not in Task.DEADLINE_KINDS:
        changes.setdefault("deadline", None)
    if kind is not None and kind != Task.Kind.PERIODIC_REPORT:
        changes.setdefault("period", "")
    edit = services.diff_edit(task, changes)
    if not edit.changed:
        raise InvalidInput(
            {"__all__": [_("Change at least one of the task's fields.")]}
        )
    services.check_fields(task, edit)
    fields = services.edit_row(task, edit, ctx.calendar)
    target = None
    if "lead_agency" in edit.changed:
        # The former lead agency's "done" report is not the new one's to approve.
        _drop_sign_off(ctx, reason)
    if "lead_agency" in edit.changed and task.state == S.ACCEPTED:
        # The new lead agency receives the task and accepts it itself (Art. 6.2a).
        target, fields["accepted_at"] = S.HANDED_OVER, None
    if "cooperating_agencies" in edit.changed:
        task.cooperating_agencies.set(edit.after["cooperating_agencies"])  # type: ignore[arg-type]
    return Change(
        target=target,
        fields=fields,
        note=reason,
        data={"changes": services.changes_of(edit)},
    )


def _after_adjust(ctx: Context) -> None:
    # The Art. 7.2b update duty follows the task's kind and period as adjusted:
    # rows still to come of another period (or of none, now a deadline is set)
    # go; the past ones stay, as they were owed then.
    period = periodic.period_of(ctx.task)
    ctx.task.periodic_updates.filter(due_on__gte=ctx.today).exclude(
        period=period or ""
    ).delete()
    _owe_updates(ctx)


def _correct_completion(ctx: Context) -> Change:
    task, reason = ctx.task, ctx.reason()
    completed_on = ctx.data.get("completed_on")
    if completed_on is None:
        raise InvalidInput({"completed_on": [_("Enter the correct completion date.")]})
    if completed_on > ctx.today or completed_on < task.directive.issued_on:
        raise InvalidInput(
            {
                "completed_on": [
                    _("The completion date must lie between the issue date and today.")
                ]
            }
        )
    if completed_on == task.completed_on:
        raise InvalidInput(
            {"completed_on": [_("This is already the completion date.")]}
        )
    return Change(
        fields={"completed_on": completed_on},
        note=reason,
        data={
            "before": task.completed_on.isoformat() if task.completed_on else None,
            "after": completed_on.isoformat(),
        },
        notify=False,
    )


def _rewrite_history(ctx: Context) -> None:
    # Art. 8.2: a wrong record is fixed where it was wrong, from the day the
    # completion was reported; the correction itself stays in the event log.
    since = None
    rows = ctx.task.history.order_by("-valid_from").values_list(
        "valid_from", "completed_on"
    )
    for valid_from, completed_on in rows:  # back to the report being corrected
        if completed_on is None:
            break
        since = valid_from
    if since is not None:
        history.correct(ctx.task, since=since, completed_on=ctx.task.completed_on)


def _open_request(task: Task) -> ExtensionRequest | None:
    return task.extensions.filter(state=ExtensionRequest.State.REQUESTED).first()


def _request_extension(ctx: Context) -> Change:
    task, reason = ctx.task, ctx.reason()
    new_deadline = ctx.data.get("new_deadline")
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
    if _open_request(task) is not None:
        raise WrongState(_("An extension request is already awaiting a decision."))
    ExtensionRequest.objects.create(
        task=task,
        old_deadline=task.deadline,
        new_deadline=new_deadline,
        reason=reason,
        requested_by=ctx.by,
        requested_at=ctx.at,
    )
    return Change(
        note=reason,
        data={
            "old_deadline": task.deadline.isoformat(),
            "new_deadline": new_deadline.isoformat(),
        },
    )


def _decide_extension(ctx: Context) -> Change:
    approve = ctx.step.name == "approve_extension"
    reason = ctx.reason()
    request = _open_request(ctx.task)
    if request is None:
        raise WrongState(_("There is no extension request awaiting a decision."))
    # The lead may grant another date than the one asked for (issue 16).
    granted = ctx.data.get("new_deadline") if approve else None
    if granted is not None and granted <= request.old_deadline:
        raise InvalidInput(
            {"new_deadline": [_("The new deadline must be after the current one.")]}
        )
    deadline = granted or request.new_deadline
    decided = ExtensionRequest.objects.filter(
        pk=request.pk, state=ExtensionRequest.State.REQUESTED
    ).update(
        state=ExtensionRequest.State.APPROVED
        if approve
        else ExtensionRequest.State.REFUSED,
        decided_by=ctx.by,
        decided_at=ctx.at,
        decision_note=reason,
    )
    if decided != 1:
        raise WrongState(_("This extension request has already been decided."))
    fields: dict[str, Any] = {}
    if approve:
        fields["deadline"] = deadline
        fields["report_due"] = Task(deadline=deadline).compute_report_due(ctx.calendar)
    return Change(
        fields=fields,
        note=reason,
        data={
            "request": request.pk,
            "old_deadline": request.old_deadline.isoformat(),
            "new_deadline": request.new_deadline.isoformat(),
            **({"granted_deadline": granted.isoformat()} if granted else {}),
        },
    )


def _cancel(ctx: Context) -> Change:
    reason = ctx.reason()
    _drop_sign_off(ctx, reason)
    ctx.task.extensions.filter(state=ExtensionRequest.State.REQUESTED).update(
        state=ExtensionRequest.State.REFUSED,
        decided_by=ctx.by,
        decided_at=ctx.at,
        decision_note=reason,
    )
    return Change(
        fields={"cancelled_at": ctx.at},
        note=reason,
        notify=ctx.task.handed_over_at is not None,
    )


def _comment(ctx: Context) -> Change:
    text = str(ctx.data.get("text") or "").strip()
    if not text:
        raise InvalidInput({"text": [_("Write a comment.")]})
    Comment.objects.create(task=ctx.task, text=text, by=ctx.by, at=ctx.at)
    return Change(note=text, notify=False)


def _direct(ctx: Context) -> Change:
    task = ctx.task
    text = directions.clean_text(ctx.data)
    leader = directions.leader_for(ctx.by, ctx.data.get("on_behalf_of"), task.directive)
    direction = directions.write(
        directive=task.directive,
        task=task,
        text=text,
        leader=leader,
        by=ctx.by,
        at=ctx.at,
    )
    data = directions.event_data(direction)
    # The direction answers the question the Office put to the leaders.
    question = _open_question(task)
    if question is not None:
        DirectionRequest.objects.filter(pk=question.pk, answer__isnull=True).update(
            answer=direction, answered_at=ctx.at
        )
        data["answers"] = question.pk
    return Change(note=text, data=data, key=f"direct:{direction.pk}")


URGEABLE = frozenset({S.HANDED_OVER, S.ACCEPTED})


def _urge(ctx: Context) -> Change:
    message = str(ctx.data.get("message") or "").strip()
    count = ctx.task.events.filter(action="urge").count() + 1
    return Change(
        note=message,
        data={"count": count},
        key=f"urge:{ctx.task.pk}:{count}",
    )


def _urge_body(task: Task, change: Change) -> str:
    if change.note:
        return change.note[:300]
    return _("The Office urges you to carry out the task and report: %(task)s") % {
        "task": task.content[:200]
    }


def _open_question(task: Task) -> DirectionRequest | None:
    return task.direction_requests.filter(answer__isnull=True).first()


def _ask_direction(ctx: Context) -> Change:
    task = ctx.task
    question = str(ctx.data.get("question") or "").strip()
    leader = ctx.data.get("leader") or task.directive.directing_leader
    errors: dict[str, list[str]] = {}
    if not question:
        errors["question"] = [_("Write what the leader is asked to decide.")]
    if leader is None or not leader.is_active or not leader.has_role(Role.LEADER):
        errors["leader"] = [_("Choose the leader to ask.")]
    if errors:
        raise InvalidInput(errors)
    if _open_question(task) is not None:
        raise WrongState(_("A question to the leaders is already awaiting an answer."))
    request = DirectionRequest.objects.create(
        task=task, leader=leader, question=question, asked_by=ctx.by, asked_at=ctx.at
    )
    return Change(
        note=question,
        data={"request": request.pk, "leader": leader.pk, "leader_name": str(leader)},
        key=f"ask_direction:{request.pk}",
    )


def _direction_title(task: Task) -> str:
    direction = task.directions.select_related("leader").first()
    return directions.title(direction, task.directive.number)


def _number(task: Task) -> dict[str, object]:
    # A notice names the task as every page does (naming.py), not by its id.
    return {"number": task_title(task, 60), "agency": task.lead_agency}


STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step(
            "hand_over",
            pgettext_lazy("task action", "Hand over"),
            frozenset({S.DRAFT}),
            S.HANDED_OVER,
            permissions.is_tracker,
            gettext_lazy("Only the Office hands tasks over."),
            step_forms.ConfirmForm,
            gettext_lazy("The task has been handed over."),
            apply=_hand_over,
            then=_owe_updates,
            confirm=gettext_lazy("Hand this task over to its agencies?"),
            notice=Notice(
                Audience.AGENCY,
                lambda t: _("New task handed over: %(number)s") % _number(t),
                lambda t, c: t.content[:300],
            ),
        ),
        # Art. 6.2a: the agency checks what it received and accepts or returns it.
        Step(
            "accept",
            pgettext_lazy("task action", "Accept"),
            frozenset({S.HANDED_OVER}),
            S.ACCEPTED,
            permissions.is_lead_agency,
            gettext_lazy("Only the lead agency accepts a task."),
            step_forms.ConfirmForm,
            gettext_lazy("You have accepted the task."),
            apply=_accept,
        ),
        Step(
            "return",
            pgettext_lazy("task action", "Return"),
            frozenset({S.HANDED_OVER}),
            S.RETURNED,
            permissions.is_lead_agency,
            gettext_lazy("Only the lead agency returns a task."),
            step_forms.ReasonForm,
            gettext_lazy("The task has been returned to the Office."),
            needs_reason=True,
            notice=Notice(
                Audience.TRACKERS,
                lambda t: _("Task returned by %(agency)s") % _number(t),
            ),
        ),
        Step(
            "revise",
            pgettext_lazy("task action", "Revise"),
            frozenset({S.RETURNED}),
            S.DRAFT,
            permissions.is_tracker,
            gettext_lazy("Only the Office revises a returned task."),
            step_forms.ConfirmForm,
            gettext_lazy("The task is back in draft; edit it and hand it over again."),
        ),
        # Art. 6.2b, 7.2: the agency records status and results.
        Step(
            "report",
            pgettext_lazy("task action", "Progress report"),
            frozenset({S.ACCEPTED}),
            None,
            permissions.is_lead_agency,
            gettext_lazy("Only the lead agency reports on a task."),
            step_forms.ReportForm,
            gettext_lazy("Your report has been recorded."),
            apply=_report,
            then=_owe_updates,
            notice=Notice(
                Audience.TRACKERS,
                lambda t: _("Task reported done by %(agency)s") % _number(t),
            ),
        ),
        # Art. 8.1: the agency head approves an officer's "done" report, or
        # sends it back with the reason.
        Step(
            "approve_done",
            pgettext_lazy("task action", "Approve the done report"),
            frozenset({S.ACCEPTED}),
            S.REPORTED_DONE,
            permissions.is_agency_head,
            gettext_lazy("Only the head of the lead agency approves its reports."),
            step_forms.OptionalReasonForm,
            gettext_lazy("The done report is approved and sent to the Office."),
            apply=_approve_done,
            then=_owe_updates,
            available=lambda t: _pending_sign_off(t) is not None,
            notice=Notice(
                Audience.TRACKERS,
                lambda t: _("Task reported done by %(agency)s") % _number(t),
            ),
        ),
        Step(
            "send_back_done",
            pgettext_lazy("task action", "Send the done report back"),
            frozenset({S.ACCEPTED}),
            None,
            permissions.is_agency_head,
            gettext_lazy("Only the head of the lead agency approves its reports."),
            step_forms.ReasonForm,
            gettext_lazy("The done report has been sent back to the officer."),
            apply=_send_back_done,
            needs_reason=True,
            danger=True,
            moves=False,
            available=lambda t: _pending_sign_off(t) is not None,
            notice=Notice(
                Audience.AGENCY,
                lambda t: (
                    _("Done report sent back by the head: %(number)s") % _number(t)
                ),
            ),
        ),
        # Art. 8.2: the Office checks what agencies report.
        Step(
            "confirm",
            pgettext_lazy("task action", "Confirm done"),
            frozenset({S.REPORTED_DONE}),
            S.CONFIRMED_DONE,
            permissions.is_tracker,
            gettext_lazy("Only the Office confirms a task done."),
            step_forms.ConfirmForm,
            gettext_lazy("The task is confirmed done."),
            apply=_confirm,
        ),
        Step(
            "reopen",
            pgettext_lazy("task action", "Reopen"),
            frozenset({S.REPORTED_DONE, S.CONFIRMED_DONE}),
            S.ACCEPTED,
            permissions.is_tracker,
            gettext_lazy("Only the Office reopens a task."),
            step_forms.ReopenForm,
            gettext_lazy("The task has been reopened."),
            apply=_reopen,
            then=_owe_updates,
            needs_reason=True,
            notice=Notice(Audience.AGENCY, lambda t: _("Task reopened by the Office")),
        ),
        # Art. 8.2: the Office corrects a completion date reported wrongly.
        Step(
            "correct_completion",
            pgettext_lazy("task action", "Correct the completion date"),
            frozenset({S.REPORTED_DONE, S.CONFIRMED_DONE}),
            None,
            permissions.is_tracker,
            gettext_lazy("Only the Office corrects a completion date."),
            step_forms.CompletionForm,
            gettext_lazy("The completion date has been corrected."),
            apply=_correct_completion,
            then=_rewrite_history,
            needs_reason=True,
        ),
        # Art. 10.4: the Office adjusts a task it handed over, with a reason.
        Step(
            "adjust",
            pgettext_lazy("task action", "Adjust the task"),
            frozenset({S.HANDED_OVER, S.ACCEPTED}),
            None,
            permissions.is_tracker_lead,
            gettext_lazy("Only the office lead adjusts a task handed over."),
            step_forms.AdjustForm,
            gettext_lazy("The task has been adjusted; its agencies are told."),
            apply=_adjust,
            then=_after_adjust,
            needs_reason=True,
            initial=step_forms.AdjustForm.initial_for,
            notice=Notice(
                Audience.INVOLVED,
                lambda t: _("Task adjusted by the Office: %(number)s") % _number(t),
                lambda t, c: c.note[:300],
            ),
            available=lambda t: t.parent_id is None,
        ),
        Step(
            "request_extension",
            pgettext_lazy("task action", "Request an extension"),
            # Once accepted (Art. 6.2a): before, the agency accepts or returns.
            frozenset({S.ACCEPTED}),
            None,
            permissions.is_lead_agency,
            gettext_lazy("Only the lead agency requests an extension."),
            step_forms.ExtensionForm,
            gettext_lazy("Your extension request has been sent."),
            apply=_request_extension,
            needs_reason=True,
            notice=Notice(
                Audience.DECIDERS,
                lambda t: _("Extension requested by %(agency)s") % _number(t),
            ),
            available=lambda t: t.deadline is not None and _open_request(t) is None,
        ),
        Step(
            "approve_extension",
            pgettext_lazy("task action", "Approve the extension"),
            frozenset({S.HANDED_OVER, S.ACCEPTED, S.REPORTED_DONE}),
            None,
            permissions.is_tracker_lead,
            gettext_lazy("Only the office lead decides on extensions."),
            step_forms.ApproveExtensionForm,
            gettext_lazy("The extension is approved; the deadline has moved."),
            apply=_decide_extension,
            notice=Notice(Audience.AGENCY, lambda t: _("Extension approved")),
            available=lambda t: _open_request(t) is not None,
        ),
        Step(
            "refuse_extension",
            pgettext_lazy("task action", "Refuse the extension"),
            frozenset({S.HANDED_OVER, S.ACCEPTED, S.REPORTED_DONE}),
            None,
            permissions.is_tracker_lead,
            gettext_lazy("Only the office lead decides on extensions."),
            step_forms.ReasonForm,
            gettext_lazy("The extension request is refused."),
            apply=_decide_extension,
            needs_reason=True,
            danger=True,
            notice=Notice(Audience.AGENCY, lambda t: _("Extension refused")),
            available=lambda t: _open_request(t) is not None,
        ),
        Step(
            "cancel",
            pgettext_lazy("task action", "Cancel"),
            ALL_STATES - {S.CONFIRMED_DONE, S.CANCELLED},
            S.CANCELLED,
            permissions.is_tracker_lead,
            gettext_lazy("Only the office lead cancels a task."),
            step_forms.ReasonForm,
            gettext_lazy("The task has been cancelled."),
            apply=_cancel,
            then=_owe_no_more,
            needs_reason=True,
            confirm=gettext_lazy("Cancel this task?"),
            danger=True,
            notice=Notice(Audience.AGENCY, lambda t: _("Task cancelled by the Office")),
        ),
        # Art. 9.1c: a leader's direction, heard by everyone working on the task.
        Step(
            "direct",
            pgettext_lazy("task action", "Give direction"),
            ALL_STATES - {S.DRAFT, S.CANCELLED},
            None,
            lambda user, task: permissions.can_direct(user, task),
            gettext_lazy("Only the leaders, or the office lead for them, direct."),
            step_forms.DirectionForm,
            gettext_lazy("The direction has been sent."),
            apply=_direct,
            moves=False,
            notice=Notice(Audience.INVOLVED, _direction_title),
        ),
        # Art. 9.1a: the Office (and the leaders) urge the lead agency.
        Step(
            "urge",
            pgettext_lazy("task action", "Urge"),
            URGEABLE,
            None,
            permissions.can_urge,
            gettext_lazy("Only the Office and the leaders urge an agency."),
            step_forms.UrgeForm,
            gettext_lazy("The lead agency has been urged."),
            apply=_urge,
            moves=False,
            notice=Notice(
                Audience.AGENCY,
                lambda t: _("Urged: task of %(number)s") % _number(t),
                _urge_body,
            ),
        ),
        # Art. 9.1c: the Office asks a leader for direction, e.g. when the
        # agencies disagree or a task came back twice; a direction answers it.
        Step(
            "ask_direction",
            pgettext_lazy("task action", "Ask the leaders for direction"),
            ALL_STATES - {S.DRAFT, S.CONFIRMED_DONE, S.CANCELLED},
            None,
            lambda user, task: permissions.is_office(user),
            gettext_lazy("Only the Office asks the leaders for direction."),
            step_forms.AskDirectionForm,
            gettext_lazy("The question has been put to the leader."),
            apply=_ask_direction,
            moves=False,
            available=lambda t: _open_question(t) is None,
            notice=Notice(
                Audience.ASKED,
                lambda t: (
                    _("The Office asks for your direction: %(number)s") % _number(t)
                ),
            ),
        ),
        # Art. 8: exchanges between the Office and the agencies; no state change.
        Step(
            "comment",
            pgettext_lazy("task action", "Comment"),
            ALL_STATES - {S.DRAFT},
            None,
            permissions.can_comment,
            gettext_lazy(
                "Only the Office and the agencies of this task comment on it."
            ),
            step_forms.CommentForm,
            gettext_lazy("Your comment has been added."),
            apply=_comment,
            moves=False,
        ),
    )
}
ACTIONS = tuple(STEPS)


def step_of(action: str) -> Step:
    """The step named `action`; InvalidInput for a name not in the table."""
    try:
        return STEPS[action]
    except KeyError as exc:
        raise InvalidInput({"action": [_("Unknown action.")]}) from exc


def allowed_steps(task: Task, user: User) -> list[Step]:
    """The steps `user` may take on `task` now."""
    return [
        step
        for step in STEPS.values()
        if task.state in step.sources
        and step.allowed(user, task)
        and step.available(task)
    ]


def allowed_actions(task: Task, user: User) -> list[str]:
    return [step.name for step in allowed_steps(task, user)]


def _wrong_state(task: Task, step: Step) -> WrongState:
    return WrongState(
        _("This task is “%(state)s”: “%(action)s” is not possible now.")
        % {"state": Task.State(task.state).label, "action": step.label}
    )


@transaction.atomic
def perform(
    task: Task,
    action: str,
    *,
    by: User,
    data: dict[str, Any] | None = None,
    expected_version: int | None = None,
    at: datetime | None = None,
    calendar: WorkCalendar | None = None,
    notify: bool = True,
) -> Task:
    """Take step `action` on `task` as `by` at `at` (default now); return the
    fresh task. `expected_version` is the version the actor read; `notify=False`
    records a step of the past (an import, the demo) without telling anyone."""
    step = step_of(action)
    if not step.allowed(by, task):
        raise NotAllowed(str(step.refusal))
    if expected_version is not None and int(expected_version) != task.version:
        raise StaleVersion()
    if task.state not in step.sources:
        raise _wrong_state(task, step)
    at = at or timezone.now()
    ctx = Context(task, step, by, at, dict(data or {}), calendar)
    change = step.apply(ctx)
    before = task.state
    target = change.target or step.target or before
    if step.moves:
        moved = Task.objects.filter(
            pk=task.pk, state=before, version=task.version
        ).update(state=target, version=F("version") + 1, updated_at=at, **change.fields)
        if moved != 1:  # someone else moved it first: say the state it is in now
            task.refresh_from_db(fields=["state", "version"])
            raise _wrong_state(task, step)
        task.refresh_from_db()
    record_event(
        task,
        step.name,
        by=by,
        at=at,
        from_state=before,
        to_state=target,
        note=change.note,
        data=change.data,
    )
    ctx.task = task
    if step.then is not None:
        step.then(ctx)
    if notify and (change.notice or step.notice) is not None and change.notify:
        _send(task, step, change)
    return task


def _send(task: Task, step: Step, change: Change) -> None:
    notice = change.notice or step.notice
    directory = Directory()
    audience = directory.of(task, notice.audience)
    directory.load()
    deliver(
        written_for(
            audience(),
            lambda: (notice.title(task), notice.body(task, change)),
            url=task.get_absolute_url(),
            key=change.key or f"{step.name}:{task.pk}:{task.version}",
        )
    )


def urge_many(
    tasks: list[Task], *, by: User, message: str = "", at: datetime | None = None
) -> tuple[list[Task], list[Task]]:
    """Art. 9.1a: urge each of `tasks` that `by` may urge now, each its own
    step (its own event and notice); returns (urged, skipped)."""
    urged, skipped = [], []
    for task in tasks:
        try:
            perform(task, "urge", by=by, data={"message": message}, at=at)
        except (NotAllowed, WrongState):
            skipped.append(task)
        else:
            urged.append(task)
    return urged, skipped


@transaction.atomic
def hand_over_all(directive: Directive, *, by: User, at: datetime | None = None) -> int:
    """Hand over every draft task of `directive` at once; return how many."""
    if not permissions.is_office(by):
        raise NotAllowed(str(STEPS["hand_over"].refusal))
    drafts = list(
        directive.tasks.filter(state=S.DRAFT, parent__isnull=True)
        .select_for_update()
        .select_related("lead_agency", "directive")
    )
    for task in drafts:
        perform(task, "hand_over", by=by, at=at)
    return len(drafts)
