"""Who may act on a task. Seeing it is `Task.objects.visible_to`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chidao.accounts.models import AGENCY_ROLES, Role

if TYPE_CHECKING:
    from chidao.accounts.models import User

    from .models import Task


def is_office(user: User) -> bool:
    """Tracking officers and office leads of the Office (Art. 6.1, 9.1)."""
    return user.is_authenticated and user.is_office


def is_office_lead(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.OFFICE_LEAD)


def is_leader(user: User) -> bool:
    """The Chairman and the Vice Chairmen (Chủ tịch, Phó Chủ tịch)."""
    return user.is_authenticated and user.has_role(Role.LEADER)


def can_direct(user: User, task: Task | None = None) -> bool:
    """Art. 9.1c: a leader gives direction; an office lead writes it down for
    a leader. Agencies never do."""
    return is_leader(user) or is_office_lead(user)


def _agency_member(user: User, agency_id: int | None) -> bool:
    return (
        user.is_authenticated
        and agency_id is not None
        and user.agency_id == agency_id
        and user.has_role(*AGENCY_ROLES)
    )


def is_lead_agency(user: User, task: Task) -> bool:
    """An officer or lead of the task's lead agency."""
    return _agency_member(user, task.lead_agency_id)


def is_agency_head(user: User, task: Task) -> bool:
    """The lead of the task's lead agency, who answers for its reports (Art. 8.1)."""
    return is_lead_agency(user, task) and user.has_role(Role.AGENCY_LEAD)


def needs_sign_off(user: User, task: Task) -> bool:
    """Art. 8.1: whether `user`'s "done" report waits for the head's approval —
    an officer's, in an agency that asks for it and has a head to give it."""
    from chidao.accounts.models import User as Users

    agency = task.lead_agency
    if not agency.needs_head_sign_off or user.has_role(Role.AGENCY_LEAD):
        return False
    return (
        Users.objects.filter(agency_id=agency.pk, is_active=True)
        .with_role(Role.AGENCY_LEAD)
        .exists()
    )


def is_tracker(user: User, task: Task) -> bool:
    """Who follows the task: the Office, or for a sub-task the parent's agency.

    Art. 9.2: an agency follows and urges its own units, so for the tasks it
    hands to them it plays the Office's part.
    """
    if is_office(user):
        return True
    if task.parent_id is not None:
        return _agency_member(user, task.parent.lead_agency_id)
    return False


def is_tracker_lead(user: User, task: Task) -> bool:
    """Who decides extensions and cancellations: the office lead, or the
    parent agency's lead for a sub-task."""
    if is_office_lead(user):
        return True
    if task.parent_id is not None:
        return (
            user.is_authenticated
            and user.agency_id == task.parent.lead_agency_id
            and user.has_role(Role.AGENCY_LEAD)
        )
    return False


def is_cooperating(user: User, task: Task) -> bool:
    if not (user.is_authenticated and user.has_role(*AGENCY_ROLES)):
        return False
    return task.cooperating_agencies.filter(pk=user.agency_id).exists()


def can_urge(user: User, task: Task) -> bool:
    """Art. 9.1a: the Office (for a sub-task, the parent agency, Art. 9.2) and
    the leaders urge; the agencies urged do not."""
    return is_leader(user) or is_tracker(user, task)


def can_comment(user: User, task: Task) -> bool:
    """Art. 8 exchanges: the Office, the leaders, the lead and the cooperating
    agencies."""
    return (
        is_leader(user)
        or is_tracker(user, task)
        or is_lead_agency(user, task)
        or is_cooperating(user, task)
    )


def can_create_tasks(user: User) -> bool:
    return is_office(user)


def can_edit(user: User, task: Task) -> bool:
    return is_tracker(user, task)


def can_create_subtask(user: User, task: Task) -> bool:
    """Art. 9.2: the lead agency hands parts of its task to its own units."""
    return is_lead_agency(user, task)


def can_set_cooperating_agencies(user: User, task: Task, agency_ids: set[int]) -> bool:
    """Who may name `agency_ids` as the task's cooperating agencies.

    The Office, for the province's tasks. For a sub-task (Art. 9.2), the
    parent's lead agency, and only among its own units: an agency cannot
    bring another agency into its internal work.
    """
    if task.parent_id is None:
        return is_office(user)
    if not is_tracker(user, task):
        return False
    from chidao.agencies.models import Agency

    units = Agency.objects.subtree_ids(task.parent.lead_agency_id)
    return agency_ids <= units - {task.parent.lead_agency_id}
