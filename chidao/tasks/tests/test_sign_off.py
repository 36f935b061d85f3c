"""Art. 8.1: an officer's "done" report goes to the agency head first."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from chidao.lib.errors import NotAllowed, WrongState
from chidao.notifications.models import Notification
from chidao.tasks import workflow
from chidao.tasks.models import ProgressReport, SignOff, Task, TaskHistory
from chidao.tasks.selectors import agency_queues, office_queues
from chidao.tasks.standing import ReportStatus
from chidao.tasks.tests.factories import TaskFactory, noon

S = Task.State
WRITTEN = date(2026, 11, 20)
APPROVED = date(2026, 11, 24)
DONE = {"text": "Đã ban hành kế hoạch.", "done": True, "completed_on": WRITTEN}


@pytest.fixture
def task(stc, vp_chuyenvien, stc_lanhdao):  # noqa: ANN001, ANN201
    return TaskFactory(
        state=S.ACCEPTED,
        lead_agency=stc,
        tracking_officer=vp_chuyenvien,
        deadline=date(2026, 12, 31),
    )


def _status(task: Task, day: date) -> str | None:
    return Task.objects.with_standing(day).get(pk=task.pk).report_status


def test_the_officers_done_report_waits_for_the_head(
    task, stc_chuyenvien, stc_lanhdao, vp_chuyenvien
) -> None:  # noqa: ANN001
    with translation.override("en"):
        task = workflow.perform(
            task, "report", by=stc_chuyenvien, data=DONE, at=noon(WRITTEN)
        )
    assert task.state == S.ACCEPTED and task.completed_on is None
    sign_off = SignOff.objects.get()
    assert (sign_off.state, sign_off.by, sign_off.completed_on) == (
        "pending",
        stc_chuyenvien,
        WRITTEN,
    )
    assert not ProgressReport.objects.exists()
    # The head hears of it, in the recipient's language; the Office does not yet.
    assert Notification.objects.get().recipient == stc_lanhdao
    assert Notification.objects.get().title.startswith(
        f"Báo cáo hoàn thành cần phê duyệt: {task.directive.number}"
    )
    assert not office_queues(vp_chuyenvien, WRITTEN)["to_check"].exists()
    assert list(agency_queues(stc_lanhdao, WRITTEN)["to_sign_off"]) == [task]
    assert "to_sign_off" not in agency_queues(stc_chuyenvien, WRITTEN)
    assert _status(task, WRITTEN) == ReportStatus.ON_TRACK
    with pytest.raises(WrongState):  # one at a time
        workflow.perform(task, "report", by=stc_chuyenvien, data=DONE)


def test_the_head_approves_and_it_reaches_the_office_that_day(
    task, stc_chuyenvien, stc_lanhdao, vp_chuyenvien
) -> None:  # noqa: ANN001
    workflow.perform(task, "report", by=stc_chuyenvien, data=DONE, at=noon(WRITTEN))
    task.refresh_from_db()
    task = workflow.perform(task, "approve_done", by=stc_lanhdao, at=noon(APPROVED))
    assert task.state == S.REPORTED_DONE and task.completed_on == WRITTEN
    report = ProgressReport.objects.get()
    assert (report.by, report.filed_on, report.completed_on) == (
        stc_chuyenvien,
        APPROVED,
        WRITTEN,
    )
    assert SignOff.objects.get().report == report
    # As of each day: in progress until the head approved, then awaiting the
    # Office, on time by the completion date the officer gave.
    assert _status(task, WRITTEN) == ReportStatus.ON_TRACK
    assert _status(task, APPROVED) == ReportStatus.AWAITING_CONFIRMATION
    assert TaskHistory.objects.get(task=task, valid_to__isnull=True).valid_from == (
        APPROVED
    )
    assert list(office_queues(vp_chuyenvien, APPROVED)["to_check"]) == [task]
    assert Notification.objects.filter(recipient=vp_chuyenvien).count() == 1
    event = task.events.get(action="approve_done")
    assert (event.from_state, event.to_state) == (S.ACCEPTED, S.REPORTED_DONE)
    task = workflow.perform(task, "confirm", by=vp_chuyenvien, at=noon(APPROVED))
    assert _status(task, APPROVED) == ReportStatus.DONE_ON_TIME


def test_the_head_reads_it_in_their_language(task, stc_chuyenvien, stc_lanhdao) -> None:  # noqa: ANN001
    stc_lanhdao.language = "en"
    stc_lanhdao.save(update_fields=["language"])
    workflow.perform(task, "report", by=stc_chuyenvien, data=DONE)
    assert Notification.objects.get(recipient=stc_lanhdao).title.startswith(
        f"Done report to approve: {task.directive.number}"
    )


def test_the_head_sends_it_back_with_a_reason(
    task, stc_chuyenvien, stc_lanhdao
) -> None:  # noqa: ANN001
    workflow.perform(task, "report", by=stc_chuyenvien, data=DONE)
    with pytest.raises(Exception):  # noqa: B017, PT011 — a reason is required
        workflow.perform(task, "send_back_done", by=stc_lanhdao, data={})
    workflow.perform(
        task,
        "send_back_done",
        by=stc_lanhdao,
        data={"reason": "Thiếu số liệu quý IV."},
    )
    task.refresh_from_db()
    sign_off = SignOff.objects.get()
    assert (task.state, sign_off.state, sign_off.reason) == (
        S.ACCEPTED,
        "sent_back",
        "Thiếu số liệu quý IV.",
    )
    assert Notification.objects.filter(
        recipient=stc_chuyenvien, title__startswith="Lãnh đạo cơ quan trả lại"
    ).exists()
    # The officer reports again, and it waits again; sent back again, the
    # officer hears of it again.
    workflow.perform(task, "report", by=stc_chuyenvien, data=DONE)
    assert SignOff.objects.filter(state="pending").count() == 1
    workflow.perform(task, "send_back_done", by=stc_lanhdao, data={"reason": "Sai."})
    assert (
        Notification.objects.filter(
            recipient=stc_chuyenvien, title__startswith="Lãnh đạo cơ quan trả lại"
        ).count()
        == 2
    )


def test_the_heads_own_report_and_agencies_without_sign_off_go_straight(
    task, stc, stc_chuyenvien, stc_lanhdao
) -> None:  # noqa: ANN001
    task = workflow.perform(task, "report", by=stc_lanhdao, data=DONE)
    assert task.state == S.REPORTED_DONE
    other = TaskFactory(state=S.ACCEPTED, lead_agency=stc)
    stc.needs_head_sign_off = False
    stc.save()
    other = workflow.perform(other, "report", by=stc_chuyenvien, data=DONE)
    assert other.state == S.REPORTED_DONE
    assert not SignOff.objects.exists()


def test_a_progress_report_not_done_needs_no_approval(task, stc_chuyenvien) -> None:  # noqa: ANN001
    workflow.perform(task, "report", by=stc_chuyenvien, data={"text": "Đang làm."})
    assert ProgressReport.objects.get().is_done is False
    assert not SignOff.objects.exists()


def test_only_the_head_approves(
    task, stc_chuyenvien, vp_lanhdao, snv_chuyenvien
) -> None:  # noqa: ANN001
    workflow.perform(task, "report", by=stc_chuyenvien, data=DONE)
    for user in (stc_chuyenvien, vp_lanhdao, snv_chuyenvien):
        for action in ("approve_done", "send_back_done"):
            with pytest.raises(NotAllowed):
                workflow.perform(task, action, by=user, data={"reason": "x"})
    assert SignOff.objects.get().state == "pending"


def test_the_pages(client, task, stc_chuyenvien, stc_lanhdao) -> None:  # noqa: ANN001
    client.force_login(stc_chuyenvien)
    response = client.post(
        reverse("tasks:action", args=[task.pk, "report"]),
        {
            "report-text": "Đã ban hành kế hoạch.",
            "report-done": "on",
            "report-completed_on": "2026-11-20",
            "report-version": task.version,
        },
        follow=True,
    )
    assert "Chờ lãnh đạo cơ quan phê duyệt" in response.content.decode()
    client.force_login(stc_lanhdao)
    inbox = client.get(reverse("tasks:inbox")).content.decode()
    assert "Báo cáo hoàn thành cần phê duyệt (Điều 8.1)" in inbox
    task.refresh_from_db()
    response = client.post(
        reverse("tasks:action", args=[task.pk, "approve_done"]),
        {"approve_done-version": task.version},
        follow=True,
    )
    assert "Đã phê duyệt báo cáo hoàn thành và gửi Văn phòng." in (
        response.content.decode()
    )
    task.refresh_from_db()
    assert task.state == S.REPORTED_DONE


def test_api_the_officers_report_stays_accepted_until_approved(
    token_client, task, stc_chuyenvien, stc_lanhdao, stc_unit_lead
) -> None:  # noqa: ANN001
    url = f"/api/v1/tasks/{task.pk}/actions/"
    body = {**DONE, "completed_on": "2026-11-20"}
    response = token_client(stc_chuyenvien).post(url + "report", body, format="json")
    assert response.status_code == 200 and response.json()["state"] == "accepted"
    officer = token_client(stc_chuyenvien).post(url + "approve_done", {}, format="json")
    assert officer.status_code == 403
    outsider = token_client(stc_unit_lead).post(url + "approve_done", {}, format="json")
    assert outsider.status_code == 404
    response = token_client(stc_lanhdao).post(url + "approve_done", {}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "reported_done"


def test_a_cancelled_task_or_a_new_lead_agency_ends_the_wait(
    task, stc, snv, stc_chuyenvien, vp_lanhdao
) -> None:  # noqa: ANN001
    workflow.perform(task, "report", by=stc_chuyenvien, data=DONE)
    task.refresh_from_db()
    workflow.perform(
        task,
        "adjust",
        by=vp_lanhdao,
        data={"lead_agency": snv, "reason": "Đúng thẩm quyền Sở Nội vụ."},
    )
    assert SignOff.objects.get().state == "sent_back"
    other = TaskFactory(state=S.ACCEPTED, lead_agency=stc)
    workflow.perform(other, "report", by=stc_chuyenvien, data=DONE)
    other.refresh_from_db()
    workflow.perform(other, "cancel", by=vp_lanhdao, data={"reason": "Thay thế."})
    assert not SignOff.objects.filter(state="pending").exists()
