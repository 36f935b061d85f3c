"""Directives and tasks with sensible defaults; pass only what a test is about."""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import factory
from django.db import models, transaction
from django.utils import timezone

from chidao.agencies.tests.factories import AgencyFactory
from chidao.directives.models import Directive
from chidao.tasks.history import record
from chidao.tasks.models import (
    Comment,
    ExtensionRequest,
    ProgressReport,
    Sector,
    Task,
)
from chidao.tasks.periodic import ensure_updates
from chidao.workdays.calendar import add_working_days


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"linh-vuc-{n}")
    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")


class DirectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directive

    kind = Directive.Kind.CONG_VAN
    number = factory.Sequence(lambda n: f"{1000 + n}/UBND-KT")
    summary = factory.Sequence(lambda n: f"Về việc triển khai nhiệm vụ số {n}")
    issued_on = date(2026, 11, 2)
    signer = "Nguyễn Thanh Bình"
    handover_due_on = factory.LazyAttribute(lambda o: add_working_days(o.issued_on, 5))


class TaskFactory(factory.django.DjangoModelFactory):
    """A deadline task, a month after its directive; set `state` to skip steps."""

    class Meta:
        model = Task
        skip_postgeneration_save = True

    directive = factory.SubFactory(DirectiveFactory)
    content = factory.Sequence(lambda n: f"Xây dựng kế hoạch thực hiện nội dung {n}")
    lead_agency = factory.SubFactory(AgencyFactory)
    kind = Task.Kind.DEADLINE_REPORT
    deadline = factory.LazyAttribute(
        lambda o: (
            o.directive.issued_on + timedelta(days=30)
            if o.kind in Task.DEADLINE_KINDS
            else None
        )
    )
    original_deadline = factory.SelfAttribute("deadline")
    period = factory.LazyAttribute(
        lambda o: Task.Period.QUARTER if o.kind == Task.Kind.PERIODIC_REPORT else ""
    )
    report_due = factory.LazyAttribute(
        lambda o: add_working_days(o.deadline, 5) if o.deadline else None
    )
    state = Task.State.DRAFT
    # Handed over on the directive's issue date, unless said otherwise.
    handed_over_at = factory.LazyAttribute(
        lambda o: None if o.state == Task.State.DRAFT else noon(o.directive.issued_on)
    )

    @factory.post_generation
    def cooperating_agencies(
        self, create: bool, extracted: list | None, **kwargs: object
    ) -> None:
        if create and extracted:
            self.cooperating_agencies.set(extracted)

    @factory.post_generation
    def history(self, create: bool, extracted: date | None, **kwargs: object) -> None:
        """The task has been as it is since `history=` (default: its directive's
        issue date), as if every step had been taken that day."""
        if create:
            # record() locks the open history row: it needs a transaction even
            # in TransactionTestCase-style tests (PostgreSQL refuses otherwise).
            with transaction.atomic():
                record(self, on=extracted or self.directive.issued_on)
                # Art. 7.2b: what the daily job would have opened by now.
                ensure_updates(self, until=timezone.localdate())


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    task = factory.SubFactory(TaskFactory, state=Task.State.ACCEPTED)
    text = "Đã triển khai, đang tổng hợp số liệu."
    by = factory.SubFactory("chidao.accounts.tests.factories.UserFactory")


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    task = factory.SubFactory(TaskFactory, state=Task.State.ACCEPTED)
    text = "Đề nghị bổ sung số liệu quý III."
    by = factory.SubFactory("chidao.accounts.tests.factories.UserFactory")


class ExtensionRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExtensionRequest

    task = factory.SubFactory(TaskFactory, state=Task.State.ACCEPTED)
    old_deadline = factory.LazyAttribute(lambda o: o.task.deadline)
    new_deadline = factory.LazyAttribute(lambda o: o.task.deadline + timedelta(days=15))
    reason = "Chờ ý kiến của Bộ Tài chính."
    requested_by = factory.SubFactory("chidao.accounts.tests.factories.UserFactory")


def noon(day: date) -> datetime:
    """An aware moment in office hours on `day` (Vietnam time)."""
    return datetime.combine(day, time(10), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def _actors(task: Task) -> list:
    """Everyone who might take a step on `task`: its agencies and the Office."""
    from chidao.accounts.models import AGENCY_ROLES, OFFICE_ROLES, User

    agencies = [task.lead_agency_id]
    if task.parent_id:
        agencies.append(task.parent.lead_agency_id)
    return list(
        User.objects.filter(is_active=True)
        .filter(
            models.Q(agency_id__in=agencies, groups__name__in=AGENCY_ROLES)
            | models.Q(groups__name__in=OFFICE_ROLES)
        )
        .distinct()
        .order_by("pk")
    )


def play(task: Task, *steps: tuple) -> Task:
    """Take each `(action, day[, data])` through the state machine on that day,
    as the first person the step allows (a real history, as the app writes it)."""
    from chidao.tasks import workflow

    for action, day, *rest in steps:
        step = workflow.STEPS[action]
        actor = next(u for u in _actors(task) if step.allowed(u, task))
        task = workflow.perform(
            task, action, by=actor, data=rest[0] if rest else {}, at=noon(day)
        )
        if action == "report" and task.sign_offs.filter(state="pending").exists():
            # Art. 8.1: an officer's "done" report, approved by the head that day.
            head = next(
                u
                for u in _actors(task)
                if workflow.STEPS["approve_done"].allowed(u, task)
            )
            task = workflow.perform(task, "approve_done", by=head, at=noon(day))
    return task


def _step_data(action: str, day: date, task: Task) -> dict:
    """What a step asks for (a reason, a date), filled in for a random walk."""
    reason = {"reason": "Theo chỉ đạo của lãnh đạo."}
    later = (task.deadline or day) + timedelta(days=10)
    return {
        "return": reason,
        "report": {"text": "Đã xong.", "done": True, "completed_on": day},
        "reopen": reason,
        "cancel": reason,
        "request_extension": {"new_deadline": later, **reason},
        "approve_extension": reason,
        "refuse_extension": reason,
        "adjust": {"deadline": later, **reason},
        "correct_completion": {"completed_on": day - timedelta(days=1), **reason},
    }.get(action, {})


def play_random_step(
    rng: random.Random, task: Task, day: date, actions: list[str]
) -> str | None:
    """One of `actions` the task's state allows, taken on `day`; the action,
    or None when none could be taken (not allowed, or no one may take it)."""
    from chidao.lib.errors import DomainError
    from chidao.tasks import workflow

    possible = [
        a
        for a in actions
        if task.state in workflow.STEPS[a].sources and workflow.STEPS[a].available(task)
    ]
    if not possible:
        return None
    action = rng.choice(possible)
    try:
        play(task, (action, day, _step_data(action, day, task)))
    except (DomainError, StopIteration):
        return None
    return action
