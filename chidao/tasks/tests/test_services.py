"""Task services: creation rules, edits, sub-tasks, calendar changes, merges."""

from datetime import date

import pytest

from chidao.agencies.services import merge_agency
from chidao.agencies.tests.factories import AgencyFactory
from chidao.lib.errors import InvalidInput, NotAllowed, StaleVersion, WrongState
from chidao.tasks import services, workflow
from chidao.tasks.models import Task, TaskEvent
from chidao.tasks.tests.factories import DirectiveFactory, TaskFactory, noon
from chidao.workdays.services import set_day_override

S = Task.State


def test_create_task_records_a_draft_with_its_report_due(
    vp_chuyenvien: object, stc: object, snv: object
) -> None:
    directive = DirectiveFactory(issued_on=date(2026, 11, 2))
    task = services.create_task(
        directive=directive,
        content="  Tham mưu kế hoạch thực hiện  ",
        lead_agency=stc,
        cooperating_agencies=[snv],
        tracking_officer=vp_chuyenvien,
        kind=Task.Kind.DEADLINE_REPORT,
        deadline=date(2026, 12, 15),
        by=vp_chuyenvien,
    )
    assert task.state == S.DRAFT
    assert task.content == "Tham mưu kế hoạch thực hiện"
    assert task.original_deadline == task.deadline == date(2026, 12, 15)
    assert task.report_due == date(2026, 12, 22)
    assert list(task.cooperating_agencies.all()) == [snv]
    assert task.events.get().action == "create"


def test_lead_agency_cannot_also_cooperate(vp_chuyenvien: object, stc: object) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.create_task(
            directive=DirectiveFactory(),
            content="Làm",
            lead_agency=stc,
            cooperating_agencies=[stc],
            kind=Task.Kind.NO_REPORT,
            by=vp_chuyenvien,
        )
    assert "cooperating_agencies" in refused.value.errors


def test_tracking_officer_must_be_of_the_office(
    vp_chuyenvien: object, stc_chuyenvien: object, stc: object
) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.create_task(
            directive=DirectiveFactory(),
            content="Làm",
            lead_agency=stc,
            tracking_officer=stc_chuyenvien,
            kind=Task.Kind.NO_REPORT,
            by=vp_chuyenvien,
        )
    assert "tracking_officer" in refused.value.errors


def test_stale_edit_is_refused_and_the_first_one_kept(
    vp_chuyenvien: object, vp_lanhdao: object, stc: object
) -> None:
    task = TaskFactory(lead_agency=stc, content="Gốc")
    first, second = Task.objects.get(pk=task.pk), Task.objects.get(pk=task.pk)
    services.update_task(first, by=vp_chuyenvien, version=1, content="Bản thứ nhất")
    with pytest.raises(StaleVersion):
        services.update_task(second, by=vp_lanhdao, version=1, content="Bản thứ hai")
    task.refresh_from_db()
    assert (task.content, task.version) == ("Bản thứ nhất", 2)


def test_deadline_is_fixed_after_hand_over(vp_chuyenvien: object, stc: object) -> None:
    task = TaskFactory(lead_agency=stc, state=S.ACCEPTED)
    with pytest.raises(InvalidInput) as refused:
        services.update_task(
            task, by=vp_chuyenvien, version=1, deadline=date(2027, 3, 1)
        )
    assert "deadline" in refused.value.errors
    # Content can still be corrected (Art. 8.2).
    task = services.update_task(task, by=vp_chuyenvien, version=1, content="Đã sửa")
    assert task.content == "Đã sửa"


def test_agency_cannot_edit(stc_chuyenvien: object, stc: object) -> None:
    task = TaskFactory(lead_agency=stc, state=S.ACCEPTED)
    with pytest.raises(NotAllowed):
        services.update_task(task, by=stc_chuyenvien, version=1, content="x")


def test_subtask_goes_to_the_unit_which_reports_up(
    stc_chuyenvien: object, stc_unit_lead: object, stc: object, stc_unit: object
) -> None:
    parent = TaskFactory(lead_agency=stc, state=S.ACCEPTED, deadline=date(2026, 12, 31))
    sub = services.create_subtask(
        parent,
        lead_agency=stc_unit,
        content="Tổng hợp số liệu của Phòng",
        deadline=date(2026, 12, 20),
        by=stc_chuyenvien,
    )
    assert sub.state == S.HANDED_OVER
    assert sub.parent == parent and sub.directive == parent.directive
    assert parent.events.get().action == "subtask"
    sub = workflow.perform(sub, "accept", by=stc_unit_lead)
    sub = workflow.perform(
        sub,
        "report",
        by=stc_unit_lead,
        at=noon(date(2026, 11, 28)),
        data={
            "text": "Đã gửi số liệu",
            "done": True,
            "completed_on": date(2026, 11, 20),
        },
    )
    # Art. 9.2: the parent agency follows its unit and confirms.
    sub = workflow.perform(
        sub, "confirm", by=stc_chuyenvien, at=noon(date(2026, 11, 28))
    )
    assert sub.state == S.CONFIRMED_DONE


def test_subtask_must_go_to_an_own_unit_before_the_parent_deadline(
    stc_chuyenvien: object, stc: object, snv: object, stc_unit: object
) -> None:
    parent = TaskFactory(lead_agency=stc, state=S.ACCEPTED, deadline=date(2026, 12, 31))
    with pytest.raises(InvalidInput) as refused:
        services.create_subtask(
            parent,
            lead_agency=snv,
            content="Làm",
            deadline=date(2027, 1, 5),
            by=stc_chuyenvien,
        )
    assert set(refused.value.errors) == {"lead_agency", "deadline"}


def test_subtask_needs_an_accepted_parent_and_the_lead_agency(
    stc_chuyenvien: object, vp_chuyenvien: object, stc: object, stc_unit: object
) -> None:
    parent = TaskFactory(lead_agency=stc, state=S.HANDED_OVER)
    with pytest.raises(WrongState):
        services.create_subtask(
            parent, lead_agency=stc_unit, content="Làm", by=stc_chuyenvien
        )
    with pytest.raises(NotAllowed):
        services.create_subtask(
            parent, lead_agency=stc_unit, content="Làm", by=vp_chuyenvien
        )


def test_calendar_change_moves_stored_report_dues(
    admin_user: object, stc: object
) -> None:
    task = TaskFactory(lead_agency=stc, state=S.ACCEPTED, deadline=date(2026, 12, 1))
    assert task.report_due == date(2026, 12, 8)
    set_day_override(date(2026, 12, 3), kind="day_off", reason="Nghỉ bù", by=admin_user)
    task.refresh_from_db()
    assert task.report_due == date(2026, 12, 9)


def test_merge_moves_open_tasks_to_the_successor_with_an_event(
    admin_user: object, stc: object, snv: object, ubnd: object
) -> None:
    old = AgencyFactory(code="SKHDT", name="Sở Kế hoạch và Đầu tư", parent=ubnd)
    led = TaskFactory(lead_agency=old, state=S.ACCEPTED)
    helped = TaskFactory(lead_agency=snv, state=S.ACCEPTED, cooperating_agencies=[old])
    done = TaskFactory(lead_agency=old, state=S.CONFIRMED_DONE)
    merge = merge_agency(old, into=stc, effective_on=date(2026, 11, 28), by=admin_user)
    assert merge.tasks_moved == 2
    led.refresh_from_db()
    done.refresh_from_db()
    assert led.lead_agency == stc and led.version == 2
    assert done.lead_agency == old
    assert list(helped.cooperating_agencies.all()) == [stc]
    events = TaskEvent.objects.filter(action="agency_moved")
    assert {e.task_id for e in events} == {led.pk, helped.pk}
    assert all(e.actor == admin_user for e in events)
