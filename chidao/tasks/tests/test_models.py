"""Visibility in one queryset method, the report status annotation, the event log."""

from datetime import date

import pytest

from chidao.tasks import workflow
from chidao.tasks.models import AppendOnly, Task, TaskEvent
from chidao.tasks.standing import ReportStatus
from chidao.tasks.tests.factories import TaskFactory, noon

S = Task.State


def test_agency_sees_tasks_it_leads_helps_with_or_its_units_lead(
    stc_chuyenvien: object, stc: object, stc_unit: object, snv: object
) -> None:
    leads = TaskFactory(state=S.ACCEPTED, lead_agency=stc)
    helps = TaskFactory(state=S.ACCEPTED, lead_agency=snv, cooperating_agencies=[stc])
    unit = TaskFactory(state=S.HANDED_OVER, lead_agency=stc_unit, parent=leads)
    TaskFactory(state=S.ACCEPTED, lead_agency=snv)
    TaskFactory(state=S.DRAFT, lead_agency=stc)
    visible = set(Task.objects.visible_to(stc_chuyenvien))
    assert visible == {leads, helps, unit}


def test_unit_sees_only_its_own_tasks(
    stc_unit_lead: object, stc: object, stc_unit: object
) -> None:
    parent = TaskFactory(state=S.ACCEPTED, lead_agency=stc)
    sub = TaskFactory(state=S.HANDED_OVER, lead_agency=stc_unit, parent=parent)
    assert list(Task.objects.visible_to(stc_unit_lead)) == [sub]


def test_cooperating_agency_sees_sub_tasks_of_the_task(
    snv_chuyenvien: object, stc: object, stc_unit: object, snv: object
) -> None:
    parent = TaskFactory(state=S.ACCEPTED, lead_agency=stc, cooperating_agencies=[snv])
    sub = TaskFactory(state=S.HANDED_OVER, lead_agency=stc_unit, parent=parent)
    assert set(Task.objects.visible_to(snv_chuyenvien)) == {parent, sub}


@pytest.mark.parametrize(
    "role", ["vp_chuyenvien", "vp_lanhdao", "chutich", "admin_user"]
)
def test_office_leaders_and_admins_see_everything_drafts_included(
    request: pytest.FixtureRequest, role: str, stc: object
) -> None:
    TaskFactory(state=S.DRAFT, lead_agency=stc)
    TaskFactory(state=S.ACCEPTED, lead_agency=stc)
    assert Task.objects.visible_to(request.getfixturevalue(role)).count() == 2


def test_visibility_has_no_duplicates(stc_chuyenvien: object, stc: object) -> None:
    task = TaskFactory(state=S.ACCEPTED, lead_agency=stc)
    other = TaskFactory(state=S.ACCEPTED, lead_agency=stc)
    other.cooperating_agencies.add(stc)
    assert sorted(t.pk for t in Task.objects.visible_to(stc_chuyenvien)) == sorted(
        [task.pk, other.pk]
    )


AS_OF = date(2026, 11, 28)
DEADLINE = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {
                "state": S.CONFIRMED_DONE,
                "completed_on": DEADLINE,
                "confirmed_on": AS_OF,
            },
            ReportStatus.DONE_ON_TIME,
        ),
        (
            {
                "state": S.CONFIRMED_DONE,
                "completed_on": date(2026, 11, 21),
                "confirmed_on": AS_OF,
            },
            ReportStatus.DONE_LATE,
        ),
        # Reported done on time, not confirmed yet: the agency is not late.
        (
            {"state": S.REPORTED_DONE, "completed_on": DEADLINE},
            ReportStatus.AWAITING_CONFIRMATION,
        ),
        (
            {"state": S.REPORTED_DONE, "completed_on": date(2026, 11, 21)},
            ReportStatus.AWAITING_CONFIRMATION_LATE,
        ),
        ({"deadline": date(2026, 11, 28)}, ReportStatus.ON_TRACK),
        ({"deadline": date(2026, 11, 27)}, ReportStatus.OVERDUE),
        (
            {"state": S.HANDED_OVER, "deadline": date(2026, 11, 27)},
            ReportStatus.NOT_STARTED_OVERDUE,
        ),
        (
            {"state": S.HANDED_OVER, "deadline": date(2026, 11, 28)},
            ReportStatus.NOT_STARTED,
        ),
        (
            {
                "state": S.CONFIRMED_DONE,
                "kind": Task.Kind.NO_REPORT,
                "deadline": None,
                "confirmed_on": AS_OF,
            },
            ReportStatus.DONE_NO_DEADLINE,
        ),
        (
            {"kind": Task.Kind.PERIODIC_REPORT, "deadline": None},
            ReportStatus.ONGOING_NO_DEADLINE,
        ),
        ({"state": S.DRAFT}, None),
        ({"state": S.RETURNED}, None),
        ({"state": S.CANCELLED}, None),
    ],
)
def test_report_status_as_of_a_day(db: None, fields: dict, expected: str) -> None:
    values = {"deadline": DEADLINE, "state": S.ACCEPTED, **fields}
    task = TaskFactory(**values)
    assert Task.objects.with_standing(AS_OF).get(pk=task.pk).report_status == (expected)


def test_status_is_read_from_the_history_of_the_day(
    db: None, vp_chuyenvien: object
) -> None:
    # Reported done on time on 25/11, confirmed on 29/11.
    task = TaskFactory(
        state=S.REPORTED_DONE,
        deadline=DEADLINE,
        completed_on=DEADLINE,
        history=DEADLINE,
    )
    workflow.perform(task, "confirm", by=vp_chuyenvien, at=noon(date(2026, 11, 29)))
    standing = Task.objects.with_standing
    assert standing(AS_OF).get().report_status == ReportStatus.AWAITING_CONFIRMATION
    assert standing(date(2026, 11, 29)).get().report_status == ReportStatus.DONE_ON_TIME
    # Before the task existed: nothing.
    assert standing(date(2026, 11, 1)).get().report_status is None


def test_reports_leave_out_drafts_returned_and_cancelled(db: None) -> None:
    counted = TaskFactory(state=S.ACCEPTED)
    TaskFactory(state=S.DRAFT)
    TaskFactory(state=S.RETURNED)
    TaskFactory(state=S.CANCELLED)
    assert list(Task.objects.counted(AS_OF)) == [counted]


def test_overdue_and_due_soon(db: None) -> None:
    late = TaskFactory(state=S.ACCEPTED, deadline=date(2026, 11, 27))
    soon = TaskFactory(state=S.ACCEPTED, deadline=date(2026, 12, 2))
    TaskFactory(state=S.REPORTED_DONE, deadline=date(2026, 11, 27))
    TaskFactory(state=S.ACCEPTED, deadline=date(2026, 12, 31))
    assert list(Task.objects.overdue(AS_OF)) == [late]
    assert list(Task.objects.due_soon(AS_OF)) == [soon]


def test_events_cannot_be_changed_or_deleted(db: None) -> None:
    task = TaskFactory()
    event = TaskEvent.objects.create(task=task, action="comment", note="Ý kiến")
    event.note = "Sửa lại"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        TaskEvent.objects.filter(pk=event.pk).update(note="x")
    with pytest.raises(AppendOnly):
        TaskEvent.objects.all().delete()
    assert TaskEvent.objects.get().note == "Ý kiến"


def test_search_ignores_accents_and_punctuation(db: None) -> None:
    task = TaskFactory(content="Triển khai phòng, chống dịch sốt xuất huyết")
    TaskFactory(content="Cải cách hành chính")
    assert list(Task.objects.search("phong chong dich")) == [task]
    assert list(Task.objects.search(task.directive.number)) == [task]
