"""Directives and tasks with sensible defaults; pass only what a test is about."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from chidao.agencies.tests.factories import AgencyFactory
from chidao.directives.models import Directive
from chidao.tasks.models import (
    Comment,
    ExtensionRequest,
    ProgressReport,
    Sector,
    Task,
)
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
    handed_over_at = factory.LazyAttribute(
        lambda o: None if o.state == Task.State.DRAFT else timezone.now()
    )

    @factory.post_generation
    def cooperating_agencies(
        self, create: bool, extracted: list | None, **kwargs: object
    ) -> None:
        if create and extracted:
            self.cooperating_agencies.set(extracted)


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
