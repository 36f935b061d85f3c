"""The agency's work queues are counted in one pass (issue 12): each count
is what the queue itself holds, for an officer and for the agency's head."""

from datetime import timedelta

import time_machine

from chidao.tasks.models import SignOff, Task
from chidao.tasks.selectors import agency_queue_counts, agency_queues
from chidao.tasks.tests.factories import DirectiveFactory, TaskFactory

from .conftest import TODAY, at


def _each(user, day):  # noqa: ANN001, ANN202
    return {name: qs.count() for name, qs in agency_queues(user, day).items()}


def test_one_pass_counts_are_the_queues_own(
    province, today, stc, stc_chuyenvien, stc_lanhdao, snv
):
    directive = DirectiveFactory(issued_on=TODAY - timedelta(days=3))
    TaskFactory(directive=directive, lead_agency=stc, state=Task.State.HANDED_OVER)
    soon = TaskFactory(
        directive=directive,
        lead_agency=stc,
        state=Task.State.ACCEPTED,
        deadline=TODAY + timedelta(days=1),
    )
    helped = TaskFactory(
        directive=directive, lead_agency=snv, state=Task.State.ACCEPTED
    )
    helped.cooperating_agencies.add(stc)
    SignOff.objects.create(
        task=soon, text="Đã xong.", completed_on=TODAY, by=stc_chuyenvien
    )
    for user in (stc_chuyenvien, stc_lanhdao):
        for day in (TODAY, TODAY + timedelta(days=9)):
            with time_machine.travel(at(day, 10), tick=False):
                counts = agency_queue_counts(user, day)
                assert counts == _each(user, day)
    counts = agency_queue_counts(stc_lanhdao, TODAY)
    assert counts["to_sign_off"] == 1 and counts["cooperating"] >= 1
    assert counts["due_soon"] >= 1 and counts["new"] >= 1


def test_the_offices_one_query_counts_are_its_queues_own(
    province, today, vp_chuyenvien, vp_lanhdao, stc, stc_chuyenvien
):
    from chidao.tasks.selectors import office_queue_counts, office_queues
    from chidao.tasks.tests.factories import ExtensionRequestFactory

    directive = DirectiveFactory(issued_on=TODAY - timedelta(days=20))
    TaskFactory(directive=directive, lead_agency=stc, state=Task.State.DRAFT)
    asking = TaskFactory(
        directive=directive, lead_agency=stc, state=Task.State.ACCEPTED
    )
    ExtensionRequestFactory(task=asking, requested_by=stc_chuyenvien)
    for user in (vp_chuyenvien, vp_lanhdao):
        for day in (TODAY, TODAY + timedelta(days=40)):
            with time_machine.travel(at(day, 10), tick=False):
                each = {n: qs.count() for n, qs in office_queues(user, day).items()}
                assert office_queue_counts(user, day) == each
    assert office_queue_counts(vp_lanhdao, TODAY)["extensions"] == 1
