"""The state machine: each action for each role, wrong states, and its events."""

from datetime import date

import pytest

from chidao.lib.errors import InvalidInput, NotAllowed, WrongState
from chidao.tasks import workflow
from chidao.tasks.models import ExtensionRequest, Task, TaskEvent
from chidao.tasks.tests.factories import (
    DirectiveFactory,
    ExtensionRequestFactory,
    TaskFactory,
    noon,
)

S = Task.State
TODAY = date(2026, 11, 28)

# action: (state the task must be in, payload, state after)
SCENARIOS = {
    "hand_over": (S.DRAFT, {}, S.HANDED_OVER),
    "accept": (S.HANDED_OVER, {}, S.ACCEPTED),
    "return": (S.HANDED_OVER, {"reason": "Không thuộc thẩm quyền."}, S.RETURNED),
    "revise": (S.RETURNED, {}, S.DRAFT),
    "report": (
        S.ACCEPTED,
        {"text": "Đã ban hành kế hoạch.", "done": True, "completed_on": TODAY},
        S.REPORTED_DONE,
    ),
    "confirm": (S.REPORTED_DONE, {}, S.CONFIRMED_DONE),
    "reopen": (S.CONFIRMED_DONE, {"reason": "Số liệu chưa đúng."}, S.ACCEPTED),
    "request_extension": (
        S.ACCEPTED,
        {"new_deadline": date(2027, 1, 15), "reason": "Chờ ý kiến Bộ."},
        S.ACCEPTED,
    ),
    "approve_extension": (S.ACCEPTED, {"reason": "Đồng ý."}, S.ACCEPTED),
    "refuse_extension": (S.ACCEPTED, {"reason": "Không có cơ sở."}, S.ACCEPTED),
    "cancel": (S.ACCEPTED, {"reason": "Văn bản đã được thay thế."}, S.CANCELLED),
    "comment": (S.ACCEPTED, {"text": "Đề nghị bổ sung số liệu."}, S.ACCEPTED),
    "direct": (S.ACCEPTED, {"text": "Khẩn trương hoàn thành."}, S.ACCEPTED),
    "urge": (S.ACCEPTED, {"message": "Đề nghị báo cáo ngay."}, S.ACCEPTED),
    "ask_direction": (S.ACCEPTED, {"question": "Hai sở có ý kiến khác."}, S.ACCEPTED),
    "correct_completion": (
        S.CONFIRMED_DONE,
        {"completed_on": date(2026, 11, 27), "reason": "Nhập nhầm ngày."},
        S.CONFIRMED_DONE,
    ),
    "adjust": (
        S.ACCEPTED,
        {"deadline": date(2027, 1, 29), "reason": "Điều chỉnh theo chỉ đạo."},
        S.ACCEPTED,
    ),
}

OFFICE = {"vp_chuyenvien", "vp_lanhdao"}
LEAD_AGENCY = {"stc_lanhdao", "stc_chuyenvien"}
EVERYONE = {
    "vp_chuyenvien",
    "vp_lanhdao",
    "stc_lanhdao",
    "stc_chuyenvien",
    "snv_chuyenvien",
    "chutich",
    "admin_user",
}
ALLOWED = {
    "hand_over": OFFICE,
    "accept": LEAD_AGENCY,
    "return": LEAD_AGENCY,
    "revise": OFFICE,
    "report": LEAD_AGENCY,
    "confirm": OFFICE,
    "reopen": OFFICE,
    "request_extension": LEAD_AGENCY,
    "approve_extension": {"vp_lanhdao"},
    "refuse_extension": {"vp_lanhdao"},
    "cancel": {"vp_lanhdao"},
    # snv_chuyenvien cooperates on the task in the scenario.
    "comment": OFFICE | LEAD_AGENCY | {"snv_chuyenvien", "chutich"},
    # Art. 9.1c: the leader, or the office lead writing it down for them.
    "direct": {"chutich", "vp_lanhdao"},
    "ask_direction": OFFICE,
    "urge": OFFICE | {"chutich"},
    "correct_completion": OFFICE,
    "adjust": {"vp_lanhdao"},
}
CASES = [
    (action, role, role in ALLOWED[action])
    for action in SCENARIOS
    for role in sorted(EVERYONE)
]


def _task_in(state: str, stc: object, snv: object) -> Task:
    task = TaskFactory(
        state=state,
        lead_agency=stc,
        cooperating_agencies=[snv],
        deadline=date(2026, 12, 31),
        completed_on=TODAY if state in (S.REPORTED_DONE, S.CONFIRMED_DONE) else None,
        confirmed_on=TODAY if state == S.CONFIRMED_DONE else None,
    )
    return task


@pytest.mark.parametrize(("action", "role", "allowed"), CASES)
def test_each_action_for_each_role(
    request: pytest.FixtureRequest,
    stc: object,
    snv: object,
    action: str,
    role: str,
    allowed: bool,
) -> None:
    user = request.getfixturevalue(role)
    before, payload, after = SCENARIOS[action]
    task = _task_in(before, stc, snv)
    if action.endswith("_extension") and action != "request_extension":
        ExtensionRequestFactory(task=task, requested_by=user)
    if action in ("direct", "ask_direction"):  # the directing leader
        task.directive.directing_leader = request.getfixturevalue("chutich")
        task.directive.save()
    version = task.version
    if not allowed:
        with pytest.raises(NotAllowed):
            workflow.perform(task, action, by=user, at=noon(TODAY), data=payload)
        task.refresh_from_db()
        assert task.state == before
        assert task.version == version
        assert not TaskEvent.objects.filter(task=task).exists()
        return
    task = workflow.perform(task, action, by=user, at=noon(TODAY), data=payload)
    assert task.state == after
    event = TaskEvent.objects.get(task=task)
    assert (event.action, event.actor, event.from_state, event.to_state) == (
        action,
        user,
        before,
        after,
    )
    moves = workflow.STEPS[action].moves
    assert task.version == (version + 1 if moves else version)


@pytest.mark.parametrize("action", list(SCENARIOS))
def test_each_action_refused_in_a_wrong_state(
    request: pytest.FixtureRequest, stc: object, snv: object, action: str
) -> None:
    role = sorted(ALLOWED[action])[0]
    user = request.getfixturevalue(role)
    sources = workflow.STEPS[action].sources
    wrong = next(
        s for s in [S.CONFIRMED_DONE, S.DRAFT, S.CANCELLED] if s not in sources
    )
    task = _task_in(wrong, stc, snv)
    with pytest.raises(WrongState) as refused:
        workflow.perform(
            task, action, by=user, at=noon(TODAY), data=SCENARIOS[action][1]
        )
    assert str(Task.State(wrong).label) in refused.value.message
    assert not TaskEvent.objects.filter(task=task).exists()


def test_accepting_twice_records_one_event(stc_chuyenvien: object) -> None:
    task = TaskFactory(state=S.HANDED_OVER, lead_agency=stc_chuyenvien.agency)
    stale_copy = Task.objects.get(pk=task.pk)
    workflow.perform(task, "accept", by=stc_chuyenvien, at=noon(TODAY))
    with pytest.raises(WrongState):
        workflow.perform(stale_copy, "accept", by=stc_chuyenvien, at=noon(TODAY))
    assert TaskEvent.objects.filter(task=task, action="accept").count() == 1


def test_return_needs_a_reason(stc_chuyenvien: object) -> None:
    task = TaskFactory(state=S.HANDED_OVER, lead_agency=stc_chuyenvien.agency)
    with pytest.raises(InvalidInput) as refused:
        workflow.perform(
            task, "return", by=stc_chuyenvien, at=noon(TODAY), data={"reason": " "}
        )
    assert "reason" in refused.value.errors
    task.refresh_from_db()
    assert task.state == S.HANDED_OVER


def test_done_report_needs_a_completion_date_not_in_the_future(
    stc_chuyenvien: object,
) -> None:
    task = TaskFactory(state=S.ACCEPTED, lead_agency=stc_chuyenvien.agency)
    with pytest.raises(InvalidInput) as refused:
        workflow.perform(
            task,
            "report",
            by=stc_chuyenvien,
            at=noon(TODAY),
            data={"text": "Xong", "done": True},
        )
    assert "completed_on" in refused.value.errors
    with pytest.raises(InvalidInput):
        workflow.perform(
            task,
            "report",
            by=stc_chuyenvien,
            at=noon(TODAY),
            data={"text": "Xong", "done": True, "completed_on": date(2026, 12, 1)},
        )
    assert task.reports.count() == 0


def test_progress_report_without_done_keeps_the_task_accepted(
    stc_chuyenvien: object,
) -> None:
    task = TaskFactory(state=S.ACCEPTED, lead_agency=stc_chuyenvien.agency)
    task = workflow.perform(
        task,
        "report",
        by=stc_chuyenvien,
        at=noon(TODAY),
        data={"text": "Đang dự thảo."},
    )
    assert task.state == S.ACCEPTED
    assert task.reports.get().is_done is False


def test_returned_task_goes_back_to_draft_and_can_be_handed_over_again(
    vp_chuyenvien: object, stc_chuyenvien: object
) -> None:
    task = TaskFactory(state=S.HANDED_OVER, lead_agency=stc_chuyenvien.agency)
    task = workflow.perform(
        task,
        "return",
        by=stc_chuyenvien,
        at=noon(TODAY),
        data={"reason": "Sai cơ quan."},
    )
    task = workflow.perform(task, "revise", by=vp_chuyenvien, at=noon(TODAY))
    task = workflow.perform(task, "hand_over", by=vp_chuyenvien, at=noon(TODAY))
    assert task.state == S.HANDED_OVER
    actions = list(task.events.values_list("action", flat=True))
    assert actions == ["return", "revise", "hand_over"]


def test_approved_extension_moves_the_deadline_and_keeps_the_history(
    vp_lanhdao: object, stc_chuyenvien: object
) -> None:
    task = TaskFactory(
        state=S.ACCEPTED,
        lead_agency=stc_chuyenvien.agency,
        deadline=date(2026, 12, 15),
    )
    workflow.perform(
        task,
        "request_extension",
        by=stc_chuyenvien,
        at=noon(TODAY),
        data={"new_deadline": date(2027, 1, 15), "reason": "Chờ ý kiến Bộ Tài chính."},
    )
    task.refresh_from_db()
    task = workflow.perform(
        task,
        "approve_extension",
        by=vp_lanhdao,
        at=noon(TODAY),
        data={"reason": "Đồng ý."},
    )
    assert task.deadline == date(2027, 1, 15)
    assert task.original_deadline == date(2026, 12, 15)
    assert task.report_due > task.deadline
    request = task.extensions.get()
    assert request.state == ExtensionRequest.State.APPROVED
    assert request.decided_by == vp_lanhdao


def test_refused_extension_keeps_the_deadline(
    vp_lanhdao: object, stc_chuyenvien: object
) -> None:
    task = TaskFactory(
        state=S.ACCEPTED, lead_agency=stc_chuyenvien.agency, deadline=date(2026, 12, 15)
    )
    ExtensionRequestFactory(task=task, requested_by=stc_chuyenvien)
    task = workflow.perform(
        task,
        "refuse_extension",
        by=vp_lanhdao,
        at=noon(TODAY),
        data={"reason": "Không có cơ sở."},
    )
    assert task.deadline == date(2026, 12, 15)
    assert task.extensions.get().state == ExtensionRequest.State.REFUSED


def test_second_extension_request_waits_for_the_first(stc_chuyenvien: object) -> None:
    task = TaskFactory(state=S.ACCEPTED, lead_agency=stc_chuyenvien.agency)
    ExtensionRequestFactory(task=task, requested_by=stc_chuyenvien)
    with pytest.raises(WrongState):
        workflow.perform(
            task,
            "request_extension",
            by=stc_chuyenvien,
            at=noon(TODAY),
            data={"new_deadline": date(2027, 3, 1), "reason": "Thêm thời gian."},
        )


def test_extension_must_move_the_deadline_later(stc_chuyenvien: object) -> None:
    task = TaskFactory(
        state=S.ACCEPTED, lead_agency=stc_chuyenvien.agency, deadline=date(2026, 12, 15)
    )
    with pytest.raises(InvalidInput):
        workflow.perform(
            task,
            "request_extension",
            by=stc_chuyenvien,
            at=noon(TODAY),
            data={"new_deadline": date(2026, 12, 1), "reason": "Sớm hơn."},
        )


def test_hand_over_all_hands_over_every_draft_of_the_directive(
    vp_chuyenvien: object, stc: object, snv: object
) -> None:
    directive = DirectiveFactory()
    drafts = [TaskFactory(directive=directive, lead_agency=a) for a in (stc, snv, stc)]
    TaskFactory(directive=directive, lead_agency=stc, state=S.ACCEPTED)
    count = workflow.hand_over_all(directive, by=vp_chuyenvien, at=noon(TODAY))
    assert count == 3
    for task in drafts:
        task.refresh_from_db()
        assert task.state == S.HANDED_OVER
        assert task.handed_over_at is not None


def test_hand_over_all_is_refused_to_agencies(
    stc_chuyenvien: object, stc: object
) -> None:
    directive = DirectiveFactory()
    TaskFactory(directive=directive, lead_agency=stc)
    with pytest.raises(NotAllowed):
        workflow.hand_over_all(directive, by=stc_chuyenvien, at=noon(TODAY))


def test_allowed_actions_follow_role_and_state(
    vp_lanhdao: object, stc_chuyenvien: object
) -> None:
    task = TaskFactory(state=S.HANDED_OVER, lead_agency=stc_chuyenvien.agency)
    # An extension is asked for once the task is accepted, not before.
    assert set(workflow.allowed_actions(task, stc_chuyenvien)) == {
        "accept",
        "return",
        "comment",
    }
    assert set(workflow.allowed_actions(task, vp_lanhdao)) == {
        "adjust",
        "cancel",
        "comment",
        "direct",
        "ask_direction",
        "urge",
    }


def test_a_corrected_completion_date_is_corrected_in_the_history_too(
    stc_chuyenvien: object, vp_chuyenvien: object
) -> None:
    from chidao.tasks.tests.factories import play

    task = TaskFactory(
        state=S.DRAFT, lead_agency=stc_chuyenvien.agency, deadline=date(2026, 11, 20)
    )
    task = play(
        task,
        ("hand_over", date(2026, 11, 3)),
        ("accept", date(2026, 11, 4)),
        # Reported as done on the 25th: late; it was in fact done on the 19th.
        (
            "report",
            date(2026, 11, 25),
            {"text": "Xong.", "done": True, "completed_on": date(2026, 11, 25)},
        ),
        ("confirm", date(2026, 11, 26)),
    )
    as_of = date(2026, 11, 27)
    status = Task.objects.with_standing(as_of).get(pk=task.pk).report_status
    assert status == "done_late"
    task = workflow.perform(
        task,
        "correct_completion",
        by=vp_chuyenvien,
        data={"completed_on": date(2026, 11, 19), "reason": "Nhập nhầm ngày."},
        at=noon(date(2026, 12, 1)),
    )
    assert task.completed_on == date(2026, 11, 19)
    # The report as of 27/11 now reads the fixed record; the fix is on record.
    status = Task.objects.with_standing(as_of).get(pk=task.pk).report_status
    assert status == "done_on_time"
    event = task.events.get(action="correct_completion")
    assert event.data == {"before": "2026-11-25", "after": "2026-11-19"}
    assert event.note == "Nhập nhầm ngày."
    from chidao.tasks.history import check

    assert check(Task.objects.filter(pk=task.pk)) == []
