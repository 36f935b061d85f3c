"""POST /nhiem-vu/<id>/<action>/: the workflow from the task page."""

from datetime import date

import pytest
from django.urls import reverse

from chidao.tasks.models import Task
from chidao.tasks.tests.factories import TaskFactory

S = Task.State


def _url(task: Task, action: str) -> str:
    return reverse("tasks:action", args=[task.pk, action])


def test_lead_agency_accepts_a_handed_over_task(
    client: object, stc_chuyenvien: object
) -> None:
    task = TaskFactory(state=S.HANDED_OVER, lead_agency=stc_chuyenvien.agency)
    client.force_login(stc_chuyenvien)
    response = client.post(_url(task, "accept"), follow=True)
    assert response.redirect_chain[-1][0] == task.get_absolute_url()
    assert "Đã tiếp nhận nhiệm vụ." in response.content.decode()
    task.refresh_from_db()
    assert task.state == S.ACCEPTED
    assert task.events.get().actor == stc_chuyenvien


def test_other_agency_gets_404_and_nothing_changes(
    client: object, snv_chuyenvien: object, stc: object
) -> None:
    task = TaskFactory(state=S.HANDED_OVER, lead_agency=stc)
    client.force_login(snv_chuyenvien)
    assert client.post(_url(task, "accept")).status_code == 404
    task.refresh_from_db()
    assert task.state == S.HANDED_OVER


def test_office_may_see_but_not_accept(
    client: object, vp_chuyenvien: object, stc: object
) -> None:
    task = TaskFactory(state=S.HANDED_OVER, lead_agency=stc)
    client.force_login(vp_chuyenvien)
    response = client.post(_url(task, "accept"))
    assert response.status_code == 403
    assert "Chỉ cơ quan chủ trì được tiếp nhận nhiệm vụ." in response.content.decode()


def test_accepting_twice_is_409_and_records_one_event(
    client: object, stc_chuyenvien: object
) -> None:
    task = TaskFactory(state=S.HANDED_OVER, lead_agency=stc_chuyenvien.agency)
    client.force_login(stc_chuyenvien)
    client.post(_url(task, "accept"))
    again = client.post(_url(task, "accept"))
    assert again.status_code == 409
    assert "Đã tiếp nhận" in again.content.decode()
    assert task.events.filter(action="accept").count() == 1


def test_return_without_reason_is_422_and_keeps_the_state(
    client: object, stc_chuyenvien: object
) -> None:
    task = TaskFactory(state=S.HANDED_OVER, lead_agency=stc_chuyenvien.agency)
    client.force_login(stc_chuyenvien)
    response = client.post(_url(task, "return"), {"return-reason": ""})
    assert response.status_code == 422
    task.refresh_from_db()
    assert task.state == S.HANDED_OVER


def test_return_with_reason(client: object, stc_chuyenvien: object) -> None:
    task = TaskFactory(state=S.HANDED_OVER, lead_agency=stc_chuyenvien.agency)
    client.force_login(stc_chuyenvien)
    response = client.post(
        _url(task, "return"), {"return-reason": "Sai cơ quan chủ trì."}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.state == S.RETURNED
    assert task.events.get().note == "Sai cơ quan chủ trì."


def test_done_report_keeps_input_when_the_date_is_missing(
    client: object, stc_chuyenvien: object
) -> None:
    task = TaskFactory(state=S.ACCEPTED, lead_agency=stc_chuyenvien.agency)
    client.force_login(stc_chuyenvien)
    response = client.post(
        _url(task, "report"), {"report-text": "Đã trình kế hoạch", "report-done": "on"}
    )
    assert response.status_code == 422
    assert "Đã trình kế hoạch" in response.content.decode()
    assert not task.reports.exists()


def test_done_report(client: object, stc_chuyenvien: object) -> None:
    task = TaskFactory(state=S.ACCEPTED, lead_agency=stc_chuyenvien.agency)
    client.force_login(stc_chuyenvien)
    client.post(
        _url(task, "report"),
        {
            "report-text": "Đã trình kế hoạch",
            "report-done": "on",
            "report-completed_on": "20/11/2026",
        },
    )
    task.refresh_from_db()
    assert task.state == S.REPORTED_DONE
    assert task.completed_on == date(2026, 11, 20)


def test_get_on_an_action_is_405(client: object, stc_chuyenvien: object) -> None:
    task = TaskFactory(state=S.HANDED_OVER, lead_agency=stc_chuyenvien.agency)
    client.force_login(stc_chuyenvien)
    assert client.get(_url(task, "accept")).status_code == 405


@pytest.mark.parametrize("action", ["fly", "delete"])
def test_unknown_action_is_refused(
    client: object, stc_chuyenvien: object, action: str
) -> None:
    task = TaskFactory(state=S.HANDED_OVER, lead_agency=stc_chuyenvien.agency)
    client.force_login(stc_chuyenvien)
    assert client.post(_url(task, action)).status_code == 403


def test_subtask_form_hands_part_to_a_unit(
    client: object, stc_chuyenvien: object, stc_unit: object
) -> None:
    task = TaskFactory(state=S.ACCEPTED, lead_agency=stc_chuyenvien.agency)
    client.force_login(stc_chuyenvien)
    response = client.post(
        reverse("tasks:subtask_create", args=[task.pk]),
        {"subtask-lead_agency": stc_unit.pk, "subtask-content": "Tổng hợp số liệu"},
    )
    assert response.status_code == 302
    assert task.subtasks.get().lead_agency == stc_unit


def test_report_with_difficulties_and_proposals_shows_them_on_the_page(
    client: object, stc_chuyenvien: object
) -> None:
    task = TaskFactory(state=S.ACCEPTED, lead_agency=stc_chuyenvien.agency)
    client.force_login(stc_chuyenvien)
    response = client.post(
        _url(task, "report"),
        {
            "report-text": "Đã khảo sát hiện trạng",
            "report-difficulties": "Thiếu kinh phí đo đạc",
            "report-proposals": "Đề nghị Sở Tài chính bố trí vốn",
        },
        follow=True,
    )
    report = task.reports.get()
    assert report.difficulties == "Thiếu kinh phí đo đạc"
    assert report.proposals == "Đề nghị Sở Tài chính bố trí vốn"
    page = response.content.decode()
    assert "Khó khăn, vướng mắc" in page
    # Once with the report, once in the timeline.
    assert page.count("Thiếu kinh phí đo đạc") == 2
    assert page.count("Đề nghị Sở Tài chính bố trí vốn") == 2


def test_report_without_difficulties_stays_as_before(
    client: object, stc_chuyenvien: object
) -> None:
    task = TaskFactory(state=S.ACCEPTED, lead_agency=stc_chuyenvien.agency)
    client.force_login(stc_chuyenvien)
    client.post(_url(task, "report"), {"report-text": "Đang triển khai"})
    report = task.reports.get()
    assert (report.difficulties, report.proposals) == ("", "")
    assert "difficulties" not in task.events.get().data
