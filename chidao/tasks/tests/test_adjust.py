"""Art. 10.4: the office lead adjusts a task after hand-over; the history keeps
what was in force before, and "done wrongly" is a reopening with that reason."""

import json
from datetime import date

import pytest
from django.urls import reverse

from chidao.accounts.models import Role
from chidao.accounts.tests.factories import UserFactory
from chidao.agencies.models import Agency
from chidao.agencies.tests.factories import AgencyFactory
from chidao.lib.errors import InvalidInput, NotAllowed
from chidao.notifications.models import Notification
from chidao.tasks import workflow
from chidao.tasks.models import Task, TaskEvent
from chidao.tasks.tests.factories import TaskFactory, noon

S = Task.State
HANDED = date(2026, 11, 2)
ADJUSTED = date(2026, 11, 20)


@pytest.fixture
def sxd(ubnd):
    return AgencyFactory(
        code="SXD", name="Sở Xây dựng", kind=Agency.Kind.DEPARTMENT, parent=ubnd
    )


@pytest.fixture
def sxd_chuyenvien(sxd):
    return UserFactory(
        username="sxd.chuyenvien", agency=sxd, roles=[Role.AGENCY_OFFICER]
    )


@pytest.fixture
def task(stc, snv, vp_chuyenvien, vp_lanhdao, stc_chuyenvien) -> Task:
    draft = TaskFactory(
        state=S.DRAFT,
        lead_agency=stc,
        cooperating_agencies=[snv],
        deadline=date(2026, 12, 15),
        tracking_officer=vp_chuyenvien,
        directive__issued_on=date(2026, 10, 30),
    )
    workflow.perform(draft, "hand_over", by=vp_chuyenvien, at=noon(HANDED))
    return workflow.perform(
        Task.objects.get(pk=draft.pk), "accept", by=stc_chuyenvien, at=noon(HANDED)
    )


def _adjust(task: Task, by, **data) -> Task:
    return workflow.perform(
        task,
        "adjust",
        by=by,
        at=noon(ADJUSTED),
        data={"reason": "Theo chỉ đạo.", **data},
    )


def _deadline_as_of(task: Task, day: date) -> date | None:
    return (
        Task.objects.with_standing(day)
        .values_list("h__deadline", flat=True)
        .get(pk=task.pk)
    )


def test_a_new_deadline_holds_from_the_adjustment_and_the_old_one_before(
    task: Task, vp_lanhdao
) -> None:
    task = _adjust(task, vp_lanhdao, deadline=date(2026, 11, 25))
    assert task.deadline == date(2026, 11, 25)
    assert task.original_deadline == date(2026, 12, 15)  # Art. 10.4 counts it
    assert task.state == S.ACCEPTED
    assert _deadline_as_of(task, date(2026, 11, 19)) == date(2026, 12, 15)
    assert _deadline_as_of(task, ADJUSTED) == date(2026, 11, 25)
    event = task.events.get(action="adjust")
    assert event.data["changes"] == {"deadline": ["2026-12-15", "2026-11-25"]}
    assert event.note == "Theo chỉ đạo."


def test_a_report_as_of_a_past_day_reads_the_deadline_then_in_force(
    task: Task, vp_lanhdao
) -> None:
    # Overdue on 30/11 under the adjusted deadline, not before it was set.
    task = _adjust(task, vp_lanhdao, deadline=date(2026, 11, 25))
    statuses = dict(
        Task.objects.with_standing(date(2026, 11, 19)).values_list(
            "pk", "report_status"
        )
    )
    later = dict(
        Task.objects.with_standing(date(2026, 11, 30)).values_list(
            "pk", "report_status"
        )
    )
    assert statuses[task.pk] == "on_track"
    assert later[task.pk] == "overdue"


def test_a_new_lead_agency_receives_the_task_anew_and_is_told(
    task: Task, vp_lanhdao, snv, stc, sxd, sxd_chuyenvien
) -> None:
    task = _adjust(task, vp_lanhdao, lead_agency=sxd, cooperating_agencies=[snv, stc])
    assert task.lead_agency == sxd
    assert task.state == S.HANDED_OVER
    assert task.accepted_at is None
    assert set(task.cooperating_agencies.all()) == {snv, stc}
    notice = Notification.objects.get(recipient=sxd_chuyenvien)
    assert "điều chỉnh" in notice.title
    assert notice.url == task.get_absolute_url()
    workflow.perform(task, "accept", by=sxd_chuyenvien, at=noon(ADJUSTED))


def test_only_the_office_lead_adjusts(
    task: Task, vp_chuyenvien, stc_lanhdao, chutich
) -> None:
    for user in (vp_chuyenvien, stc_lanhdao, chutich):
        with pytest.raises(NotAllowed):
            _adjust(task, user, deadline=date(2027, 1, 29))
    assert not task.events.filter(action="adjust").exists()


def test_an_adjustment_needs_a_reason_and_a_change(task: Task, vp_lanhdao) -> None:
    with pytest.raises(InvalidInput) as refused:
        workflow.perform(
            task, "adjust", by=vp_lanhdao, data={"deadline": date(2027, 1, 29)}
        )
    assert "reason" in refused.value.errors
    with pytest.raises(InvalidInput) as refused:
        _adjust(task, vp_lanhdao, deadline=task.deadline)
    assert "__all__" in refused.value.errors
    with pytest.raises(InvalidInput) as refused:
        _adjust(task, vp_lanhdao, deadline=date(2026, 10, 1))  # before the issue date
    assert "deadline" in refused.value.errors
    task.refresh_from_db()
    assert task.deadline == date(2026, 12, 15)


def test_a_task_made_periodic_owes_updates_and_loses_its_deadline(
    task: Task, vp_lanhdao
) -> None:
    task = _adjust(task, vp_lanhdao, kind=Task.Kind.PERIODIC_REPORT, period="quarter")
    assert task.deadline is None
    assert task.periodic_updates.filter(period="quarter").exists()


def test_done_wrongly_is_a_reopening_the_event_says(
    task: Task, vp_chuyenvien, stc_chuyenvien
) -> None:
    task = workflow.perform(
        task,
        "report",
        by=stc_chuyenvien,
        at=noon(ADJUSTED),
        data={"text": "Xong", "done": True, "completed_on": ADJUSTED},
    )
    task = workflow.perform(
        task,
        "reopen",
        by=vp_chuyenvien,
        at=noon(ADJUSTED),
        data={"reason": "Báo cáo sai nội dung.", "done_wrongly": True},
    )
    event = task.events.get(action="reopen")
    assert event.data["done_wrongly"] is True


def test_the_page_shows_the_task_and_adjusts_it(client, task: Task, vp_lanhdao) -> None:
    client.force_login(vp_lanhdao)
    page = client.get(task.get_absolute_url()).content.decode()
    assert 'name="adjust-reason"' in page
    assert 'value="15/12/2026"' in page or 'value="2026-12-15"' in page
    response = client.post(
        reverse("tasks:action", args=[task.pk, "adjust"]),
        {
            "adjust-version": task.version,
            "adjust-content": task.content,
            "adjust-lead_agency": task.lead_agency_id,
            "adjust-cooperating_agencies": list(
                task.cooperating_agencies.values_list("pk", flat=True)
            ),
            "adjust-kind": task.kind,
            "adjust-deadline": "29/01/2027",
            "adjust-reason": "Theo Thông báo kết luận.",
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.deadline == date(2027, 1, 29)


def test_the_api_adjusts_and_an_outsider_agency_gets_404(
    token_client, task: Task, vp_lanhdao, snv_chuyenvien, sxd_chuyenvien
) -> None:
    url = reverse("api:task-action", args=[task.pk, "adjust"])
    body = json.dumps({"deadline": "2027-01-29", "reason": "Theo chỉ đạo."})
    outsider = token_client(sxd_chuyenvien)
    assert outsider.post(url, body, content_type="application/json").status_code == 404
    cooperating = token_client(snv_chuyenvien)
    assert (
        cooperating.post(url, body, content_type="application/json").status_code == 403
    )
    office = token_client(vp_lanhdao)
    response = office.post(url, body, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["deadline"] == "2027-01-29"
    assert TaskEvent.objects.filter(task=task, action="adjust").count() == 1
