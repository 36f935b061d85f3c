"""Leaders' directions (ý kiến chỉ đạo, Art. 9.1c) on tasks and directives.

A direction on one task is the workflow step `direct` (`workflow.py`); this
module holds what that step and a direction on a whole directive share: who
the direction is from, writing it, and the lists pages show.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.accounts.models import Role
from chidao.lib.errors import InvalidInput, NotAllowed
from chidao.notifications.services import deliver, written_for
from chidao.workdays.calendar import WorkCalendar, working_days_between

from . import permissions, reach
from .events import record_event
from .models import Direction, DirectionRequest, Task, directives_visible_to
from .recipients import Audience, Directory

if TYPE_CHECKING:
    from chidao.accounts.models import User
    from chidao.directives.models import Directive


def leader_for(by: User, on_behalf_of: User | None, directive: Directive) -> User:
    """Whose direction `by` writes: their own if a leader; an office lead's is
    for `on_behalf_of`, else the directive's directing leader."""
    if permissions.is_leader(by):
        return by
    if not permissions.is_office_lead(by):
        raise NotAllowed(_("Only the leaders, or the office lead for them, direct."))
    leader = on_behalf_of or directive.directing_leader
    if leader is None or not leader.is_active or not leader.has_role(Role.LEADER):
        raise InvalidInput(
            {"on_behalf_of": [_("Choose the leader whose direction this is.")]}
        )
    return leader


def clean_text(data: dict[str, Any]) -> str:
    text = str(data.get("text") or "").strip()
    if not text:
        raise InvalidInput({"text": [_("Write the direction.")]})
    return text


def write(
    *,
    directive: Directive,
    task: Task | None,
    text: str,
    leader: User,
    by: User,
    at: datetime,
) -> Direction:
    return Direction.objects.create(
        directive=directive, task=task, text=text, leader=leader, by=by, at=at
    )


def event_data(direction: Direction) -> dict[str, Any]:
    """What the timeline keeps of a direction."""
    return {
        "direction": direction.pk,
        "leader": direction.leader_id,
        "leader_name": str(direction.leader),
        "on_behalf": direction.on_behalf,
    }


def title(direction: Direction, number: str) -> str:
    """The notice title, rendered in the recipient's language."""
    return _("Direction from %(leader)s on %(number)s") % {
        "leader": direction.leader,
        "number": number,
    }


@transaction.atomic
def direct_directive(
    directive: Directive,
    *,
    by: User,
    data: dict[str, Any],
    at: datetime | None = None,
) -> Direction:
    """A direction on the whole directive: on every handed-over task's timeline,
    and heard of by everyone working on them."""
    if not permissions.can_direct(by):
        raise NotAllowed(_("Only the leaders, or the office lead for them, direct."))
    text = clean_text(data)
    leader = leader_for(by, data.get("on_behalf_of"), directive)
    at = at or timezone.now()
    direction = write(
        directive=directive, task=None, text=text, leader=leader, by=by, at=at
    )
    tasks = list(
        directive.tasks.exclude(state__in=[Task.State.DRAFT, Task.State.CANCELLED])
        .exclude(handed_over_at__isnull=True)
        .select_related("lead_agency", "tracking_officer", "parent")
    )
    directory = Directory()
    audiences = []
    for task in tasks:
        record_event(
            task, "direct", by=by, at=at, note=text, data=event_data(direction)
        )
        audiences.append(directory.of(task, Audience.INVOLVED))
    directory.load()
    people: dict[int, User] = {}
    for resolve in audiences:
        for user in resolve():
            people.setdefault(user.pk, user)
    deliver(
        written_for(
            people.values(),
            lambda: (title(direction, directive.number), text[:300]),
            url=directive.get_absolute_url(),
            key=f"direct:{direction.pk}",
        )
    )
    return direction


def of_task(task: Task) -> QuerySet[Direction]:
    """The directions a task page shows: its own and its directive's, newest first."""
    return (
        Direction.objects.filter(
            Q(task=task) | Q(task__isnull=True, directive_id=task.directive_id)
        )
        .select_related("leader", "by")
        .order_by("-at", "-id")
    )


def of_directive(directive: Directive) -> QuerySet[Direction]:
    return directive.directions.select_related("leader", "by", "task").order_by(
        "-at", "-id"
    )


def visible_to(user: User) -> QuerySet[Direction]:
    """Directions on tasks and directives `user` may see (an agency's inbox)."""
    # An agency's tasks through its reach rows (35 ms on the inbox at 1M).
    tasks = reach.visible_tasks(user).values("pk")
    return Direction.objects.filter(
        Q(task__in=tasks)
        | Q(task__isnull=True, directive__in=directives_visible_to(user).values("pk"))
    ).select_related("leader", "by", "task", "directive")


def awaiting(user: User) -> QuerySet[DirectionRequest]:
    """ "Chờ ý kiến chỉ đạo": the questions awaiting an answer, oldest first —
    a leader's own; every one for the office lead who follows them up."""
    qs = DirectionRequest.objects.filter(answer__isnull=True).select_related(
        "task", "task__directive", "task__lead_agency", "leader", "asked_by"
    )
    if not permissions.is_office_lead(user):
        qs = qs.filter(leader=user)
    return qs.order_by("asked_at", "id")


def with_age(
    requests: list[DirectionRequest], today: date, calendar: WorkCalendar | None
) -> list[DirectionRequest]:
    """Set `age`: the working days each question has waited."""
    for request in requests:
        request.age = working_days_between(
            timezone.localdate(request.asked_at), today, calendar
        )
    return requests


def open_question(task: Task) -> DirectionRequest | None:
    return (
        task.direction_requests.filter(answer__isnull=True)
        .select_related("leader", "asked_by")
        .first()
    )
