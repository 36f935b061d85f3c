"""Demo work: sectors, directives of 2026 and their tasks in every state.

Idempotent: a directive already present (same number and year) is left as it
is, so running the seed again changes nothing. Each task's history is played
through the real services and state machine (`workflow.perform(at=...)`) on
plausible dates before 28/11/2026, the demo's "today", so the demo holds only
what the application itself could have recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from chidao.accounts.models import Role, User
from chidao.accounts.services import set_roles
from chidao.agencies.models import Agency
from chidao.directives.models import Directive
from chidao.directives.services import create_directive
from chidao.tasks import periodic, services, workflow
from chidao.tasks.handover import refresh_handover_due
from chidao.tasks.models import Sector, Task
from chidao.workdays.calendar import WorkCalendar

from .work_data import DIRECTIVES, SECTORS, DemoTask, Step

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
S = Task.State

OFFICE_ACTIONS = {"hand_over", "revise", "confirm", "reopen"}
LEAD_ACTIONS = {"approve_extension", "refuse_extension", "cancel"}


class _Clock:
    """Office hours, a few minutes apart, never going back within one task."""

    def __init__(self) -> None:
        self.minutes = 0
        self.last: datetime | None = None

    def start(self) -> None:
        self.last = None

    def at(self, day: date) -> datetime:
        self.minutes = (self.minutes + 17) % 420
        moment = datetime.combine(day, time(8), tzinfo=ZONE) + timedelta(
            minutes=self.minutes
        )
        if self.last is not None and moment <= self.last:
            moment = self.last + timedelta(minutes=5)
        self.last = moment
        return moment


def seed_sectors() -> dict[str, Sector]:
    sectors = {}
    for code, name in SECTORS:
        sector, _created = Sector.objects.update_or_create(
            code=code, defaults={"name": name, "active": True}
        )
        sectors[code] = sector
    return sectors


def _ensure_officer(agency: Agency) -> None:
    """Every agency with demo work has someone to do it (a demo account)."""
    if _agency_user(agency) is not None:
        return
    user, _created = User.objects.update_or_create(
        username=f"{agency.code.lower()}.chuyenvien",
        defaults={
            "full_name": f"Chuyên viên {agency.short_name or agency.name}",
            "title": "Chuyên viên",
            "agency": agency,
            "is_active": True,
            "email": f"{agency.code.lower()}.chuyenvien@demo.chidao.local",
        },
    )
    user.set_password(settings.DEMO_PASSWORD)
    user.save()
    set_roles(user, [Role.AGENCY_OFFICER])


def _agencies_at_work(tasks: list[DemoTask]) -> set[str]:
    codes = set()
    for spec in tasks:
        codes.add(spec.agency)
        codes |= _agencies_at_work(spec.units)
    return codes


def _agency_user(agency: Agency, role: str | None = None) -> User | None:
    roles = (role,) if role else ("agency_officer", "agency_lead")
    return (
        User.objects.filter(agency=agency, is_active=True)
        .with_role(*roles)
        .order_by("username")
        .first()
    )


def _data(step: Step) -> dict:
    """What the step's form would have carried."""
    if step.action == "report":
        return {
            "text": step.note,
            "done": step.completed_on is not None,
            "completed_on": step.completed_on,
        }
    if step.action == "request_extension":
        return {"new_deadline": step.new_deadline, "reason": step.note}
    return {"reason": step.note}


@dataclass
class _Cast:
    """Who plays each side of a task's history."""

    tracker: User | None
    tracker_lead: User | None
    clock: _Clock
    calendar: WorkCalendar

    def actor(self, action: str, task: Task) -> User | None:
        if action in OFFICE_ACTIONS:
            return self.tracker
        if action in LEAD_ACTIONS:
            return self.tracker_lead
        return _agency_user(task.lead_agency)


def _play(task: Task, steps: list[Step], cast: _Cast) -> Task:
    """Take each step through the state machine on its day."""
    for step in steps:
        task = workflow.perform(
            task,
            step.action,
            by=cast.actor(step.action, task),
            data=_data(step),
            at=cast.clock.at(step.on),
            calendar=cast.calendar,
            notify=False,
        )
        if step.action == "report" and task.sign_offs.filter(state="pending").exists():
            # Art. 8.1: the officer's "done" report goes through the head.
            task = workflow.perform(
                task,
                "approve_done",
                by=_agency_user(task.lead_agency, "agency_lead"),
                at=cast.clock.at(step.on),
                calendar=cast.calendar,
                notify=False,
            )
    return task


def _create(
    spec: DemoTask,
    *,
    directive: Directive,
    agencies: dict[str, Agency],
    sectors: dict[str, Sector],
    cast: _Cast,
    parent: Task | None,
) -> int:
    clock = cast.clock
    clock.start()
    if parent is None:
        task = services.create_task(
            directive=directive,
            content=spec.content,
            lead_agency=agencies[spec.agency],
            cooperating_agencies=[agencies[c] for c in spec.helpers],
            tracking_officer=cast.tracker,
            sector=sectors[spec.sector],
            kind=spec.kind,
            deadline=spec.deadline if spec.kind in Task.DEADLINE_KINDS else None,
            period=spec.period,
            by=cast.tracker,
            at=clock.at(directive.issued_on),
            calendar=cast.calendar,
            refresh_handover=False,
        )
        task_cast = cast
    else:
        # Art. 9.2: the lead agency hands the part to its unit the next day.
        parent_user = _agency_user(parent.lead_agency)
        task = services.create_subtask(
            parent,
            lead_agency=agencies[spec.agency],
            content=spec.content,
            deadline=spec.deadline,
            by=parent_user,
            at=clock.at(timezone.localdate(parent.accepted_at) + timedelta(days=1)),
            calendar=cast.calendar,
        )
        task_cast = _Cast(
            parent_user,
            _agency_user(parent.lead_agency, "agency_lead") or parent_user,
            clock,
            cast.calendar,
        )
    # Units get their parts once the task is accepted (Art. 9.2), so the task's
    # history is played in two halves around them.
    accepted = next(
        (i + 1 for i, step in enumerate(spec.steps) if step.action == "accept"),
        len(spec.steps),
    )
    task = _play(task, spec.steps[:accepted], task_cast)
    count = 1
    for unit in spec.units:
        count += _create(
            unit,
            directive=directive,
            agencies=agencies,
            sectors=sectors,
            cast=cast,
            parent=task,
        )
    task = _play(task, spec.steps[accepted:], task_cast)
    played = [
        *(("comment", who, day, {"text": text}) for who, day, text in spec.comments),
        *(("urge", who, day, {"message": text}) for who, day, text in spec.urges),
        *(("direct", who, day, {"text": text}) for who, day, text in spec.directions),
    ]
    for action, username, day, data in played:
        author = User.objects.filter(username=username).first()
        if author is not None:
            task = workflow.perform(
                task, action, by=author, data=data, at=clock.at(day), notify=False
            )
    return count


@transaction.atomic
def seed_work() -> dict[str, int]:
    """Create the demo directives and tasks that are not there yet."""
    sectors = seed_sectors()
    agencies = {a.code: a for a in Agency.objects.all()}
    users = {u.username: u for u in User.objects.all()}
    calendar = WorkCalendar.load()
    clock = _Clock()
    created = {"directives": 0, "tasks": 0}
    for code in sorted(set().union(*(_agencies_at_work(d.tasks) for d in DIRECTIVES))):
        _ensure_officer(agencies[code])
    for spec in DIRECTIVES:
        if Directive.objects.filter(
            number=spec.number, issued_year=spec.issued_on.year
        ).exists():
            continue
        officer = users.get(spec.officer)
        directive = create_directive(
            kind=spec.kind,
            number=spec.number,
            issued_on=spec.issued_on,
            summary=spec.summary,
            signer=spec.signer,
            directing_leader=users.get(spec.leader) if spec.leader else None,
            proposing_agency=agencies.get(spec.proposing) if spec.proposing else None,
            needs_opinions=spec.needs_opinions,
            by=officer,
            today=spec.issued_on,
        )
        cast = _Cast(officer, users.get("vp.lanhdao"), clock, calendar)
        for task_spec in spec.tasks:
            created["tasks"] += _create(
                task_spec,
                directive=directive,
                agencies=agencies,
                sectors=sectors,
                cast=cast,
                parent=None,
            )
        refresh_handover_due(directive, calendar)
        created["directives"] += 1
    # Art. 7.2b: the periods the daily job would have opened by today.
    periodic.open_periods(timezone.localdate(), calendar)
    return created
