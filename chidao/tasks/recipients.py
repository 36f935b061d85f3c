"""Who hears of a task: one answer for workflow notices, reminders and urges.

A `Directory` collects what many tasks need and loads the people in a fixed
number of queries, so a reminder run over thousands of tasks stays cheap;
`people(task, audience)` is the one-task shortcut.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

from chidao.accounts.models import AGENCY_ROLES, Role, User

if TYPE_CHECKING:
    from .models import Task


class Audience(StrEnum):
    # The lead agency's officers and lead (Art. 6.2).
    AGENCY = "agency"
    # The lead agency and the Office's tracking officer: reminders (Art. 9.1a).
    WORKERS = "workers"
    # Who follows the task: its tracking officer, else the office leads; for a
    # sub-task, the parent agency's people (Art. 9.2).
    TRACKERS = "trackers"
    # Who decides extensions: the office leads; for a sub-task, the parent
    # agency's lead.
    DECIDERS = "deciders"
    # Everyone working on it: lead and cooperating agencies and the trackers.
    INVOLVED = "involved"
    # The leader whose direction the Office asked for and awaits (Art. 9.1c).
    ASKED = "asked"
    # The lead agency's heads, who approve its "done" reports (Art. 8.1).
    HEADS = "heads"


Resolver = Callable[[], list[User]]


class Directory:
    """People of many tasks, loaded once with `load()` and then resolved."""

    def __init__(self) -> None:
        self._agency_ids: set[int] = set()
        self._agency_people: dict[int, list[User]] = defaultdict(list)
        self._office_leads: list[User] = []

    def of(self, task: Task, audience: Audience) -> Resolver:
        """What `audience` of `task` will be once `load()` has run."""
        parent_agency = task.parent.lead_agency_id if task.parent_id else None
        cooperating: list[int] = []
        if audience in (
            Audience.AGENCY,
            Audience.WORKERS,
            Audience.INVOLVED,
            Audience.HEADS,
        ):
            self._agency_ids.add(task.lead_agency_id)
        if audience in (Audience.TRACKERS, Audience.DECIDERS, Audience.INVOLVED):
            if parent_agency is not None:
                self._agency_ids.add(parent_agency)
        if audience == Audience.INVOLVED:
            cooperating = list(task.cooperating_agencies.values_list("pk", flat=True))
            self._agency_ids.update(cooperating)

        def trackers() -> list[User]:
            if parent_agency is not None:
                return list(self._agency_people[parent_agency])
            if task.tracking_officer is not None:
                return [task.tracking_officer]
            return list(self._office_leads)

        asked: list[User] = []
        if audience == Audience.ASKED:
            asked = [
                r.leader
                for r in task.direction_requests.filter(
                    answer__isnull=True
                ).select_related("leader")
            ]

        def resolve() -> list[User]:
            if audience == Audience.ASKED:
                return _unique_active(asked)
            if audience == Audience.HEADS:
                users = [
                    u
                    for u in self._agency_people[task.lead_agency_id]
                    if u.has_role(Role.AGENCY_LEAD)
                ]
            elif audience == Audience.AGENCY:
                users = list(self._agency_people[task.lead_agency_id])
            elif audience == Audience.WORKERS:
                users = list(self._agency_people[task.lead_agency_id])
                if task.tracking_officer is not None:
                    users.append(task.tracking_officer)
            elif audience == Audience.TRACKERS:
                users = trackers()
            elif audience == Audience.DECIDERS:
                users = (
                    [
                        u
                        for u in self._agency_people[parent_agency]
                        if u.has_role(Role.AGENCY_LEAD)
                    ]
                    if parent_agency is not None
                    else list(self._office_leads)
                )
            else:
                users = list(self._agency_people[task.lead_agency_id])
                for agency_id in cooperating:
                    users += self._agency_people[agency_id]
                users += trackers()
            return _unique_active(users)

        return resolve

    def load(self) -> None:
        users = (
            User.objects.filter(
                agency_id__in=self._agency_ids,
                is_active=True,
                groups__name__in=AGENCY_ROLES,
            )
            .distinct()
            .prefetch_related("groups")
            .order_by("pk")
        )
        for user in users:
            self._agency_people[user.agency_id].append(user)
        self._office_leads = office_leads()


def _unique_active(users: list[User]) -> list[User]:
    seen: set[int] = set()
    kept = []
    for user in users:
        if user is not None and user.is_active and user.pk not in seen:
            seen.add(user.pk)
            kept.append(user)
    return kept


def people(task: Task, audience: Audience) -> list[User]:
    """The `audience` of one task."""
    directory = Directory()
    resolve = directory.of(task, audience)
    directory.load()
    return resolve()


def agency_people(agency_id: int) -> list[User]:
    """The officers and lead of one agency."""
    return list(
        User.objects.of_agency(agency_id).with_role(*AGENCY_ROLES).order_by("pk")
    )


def office_leads() -> list[User]:
    """The active office leads."""
    return list(
        User.objects.filter(is_active=True, groups__name=Role.OFFICE_LEAD)
        .distinct()
        .order_by("pk")
    )
