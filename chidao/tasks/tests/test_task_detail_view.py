"""The task page: who sees it, what it shows, the timeline from events."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from chidao.tasks import workflow
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import TaskFactory

S = Task.State


@pytest.fixture
def task(stc: object, snv: object) -> Task:
    return TaskFactory(
        state=S.HANDED_OVER,
        lead_agency=stc,
        content="Rà soát dự toán ngân sách năm 2027",
        deadline=date(2026, 12, 4),
    )


@time_machine.travel(date(2026, 11, 30), tick=False)
def test_lead_agency_sees_the_task_with_its_time_limits(
    client: object, stc_chuyenvien: object, task: Task
) -> None:
    client.force_login(stc_chuyenvien)
    response = client.get(reverse("tasks:detail", args=[task.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Rà soát dự toán ngân sách năm 2027" in body
    assert "04/12/2026" in body
    assert "còn 4 ngày làm việc" in body
    assert "Tiếp nhận" in body and "Trả lại" in body


def test_outsider_gets_404_like_a_missing_task(
    client: object, snv_chuyenvien: object, task: Task
) -> None:
    client.force_login(snv_chuyenvien)
    assert client.get(reverse("tasks:detail", args=[task.pk])).status_code == 404
    assert client.get(reverse("tasks:detail", args=[999999])).status_code == 404


def test_cooperating_agency_sees_the_task_but_no_actions(
    client: object, snv_chuyenvien: object, task: Task, snv: object
) -> None:
    task.cooperating_agencies.add(snv)
    client.force_login(snv_chuyenvien)
    response = client.get(reverse("tasks:detail", args=[task.pk]))
    assert response.status_code == 200
    assert b'action="/nhiem-vu/%d/accept/"' % task.pk not in response.content
    assert b'action="/nhiem-vu/%d/comment/"' % task.pk in response.content


def test_agency_never_sees_a_draft(
    client: object, stc_chuyenvien: object, stc: object
) -> None:
    draft = TaskFactory(state=S.DRAFT, lead_agency=stc)
    client.force_login(stc_chuyenvien)
    assert client.get(reverse("tasks:detail", args=[draft.pk])).status_code == 404


def test_leader_reads_every_task_without_actions(
    client: object, chutich: object, task: Task
) -> None:
    client.force_login(chutich)
    response = client.get(reverse("tasks:detail", args=[task.pk]))
    assert response.status_code == 200
    assert b"/accept/" not in response.content


def test_timeline_is_drawn_from_the_events(
    client: object, vp_chuyenvien: object, stc_chuyenvien: object, stc: object
) -> None:
    task = TaskFactory(state=S.DRAFT, lead_agency=stc)
    task = workflow.perform(task, "hand_over", by=vp_chuyenvien)
    task = workflow.perform(
        task,
        "return",
        by=stc_chuyenvien,
        data={"reason": "Không thuộc chức năng của Sở."},
    )
    client.force_login(vp_chuyenvien)
    body = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    timeline = body[body.index('id="timeline"') :]
    assert timeline.index("Đã chuyển theo dõi") < timeline.index("Bị trả lại")
    assert "Không thuộc chức năng của Sở." in timeline
    assert "Phạm Minh Tuấn" in timeline and "Đặng Thị Mai" in timeline


def test_sub_tasks_show_on_the_parent_with_their_status(
    client: object, stc_chuyenvien: object, stc: object, stc_unit: object
) -> None:
    parent = TaskFactory(state=S.ACCEPTED, lead_agency=stc)
    TaskFactory(
        state=S.HANDED_OVER,
        lead_agency=stc_unit,
        parent=parent,
        directive=parent.directive,
        content="Tổng hợp số liệu chi thường xuyên",
    )
    client.force_login(stc_chuyenvien)
    body = client.get(reverse("tasks:detail", args=[parent.pk])).content.decode()
    assert "Tổng hợp số liệu chi thường xuyên" in body
    assert "Giao một phần nhiệm vụ cho đơn vị" in body
