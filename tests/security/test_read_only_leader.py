"""The Chairman reads everything and writes nothing (SECURITY.md 6) — but
the leaders' own part of the loop (issue 15, Art. 9.1a and 9.1c): their
directions, their comments and their urges.

`test_permission_matrix` refuses the leader every other write URL; here every
other step of the workflow, each from a state where it would succeed, page and
API alike.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.urls import reverse

from chidao.tasks import workflow
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import ExtensionRequestFactory, TaskFactory

from .conftest import World, fingerprint

S = Task.State

# action → (a state it starts from, a body that would be valid)
STEPS = {
    "hand_over": (S.DRAFT, {}),
    "accept": (S.HANDED_OVER, {}),
    "return": (S.HANDED_OVER, {"reason": "Không thuộc thẩm quyền."}),
    "revise": (S.RETURNED, {}),
    "report": (S.ACCEPTED, {"text": "Đã triển khai."}),
    "confirm": (S.REPORTED_DONE, {}),
    "reopen": (S.CONFIRMED_DONE, {"reason": "Số liệu chưa đủ."}),
    "request_extension": (
        S.ACCEPTED,
        {"new_deadline": "2027-01-15", "reason": "Chờ số liệu."},
    ),
    "approve_extension": (S.ACCEPTED, {"reason": "Đồng ý."}),
    "refuse_extension": (S.ACCEPTED, {"reason": "Không đồng ý."}),
    "cancel": (S.ACCEPTED, {"reason": "Không còn phù hợp."}),
    "comment": (S.ACCEPTED, {"text": "Ý kiến chỉ đạo."}),
    "correct_completion": (
        S.CONFIRMED_DONE,
        {"completed_on": "2026-11-17", "reason": "Nhập nhầm ngày."},
    ),
    "adjust": (S.ACCEPTED, {"deadline": "2027-01-29", "reason": "Điều chỉnh."}),
    "direct": (S.ACCEPTED, {"text": "Khẩn trương hoàn thành."}),
    "ask_direction": (S.ACCEPTED, {"question": "Hai sở có ý kiến khác nhau."}),
    "urge": (S.ACCEPTED, {"message": "Đề nghị báo cáo."}),
    "approve_done": (S.ACCEPTED, {}),
    "send_back_done": (S.ACCEPTED, {"reason": "Thiếu số liệu."}),
}
# What a leader writes (issue 15): the rest of the workflow is refused them.
LEADERS_OWN = frozenset({"comment", "direct", "urge"})


def test_line_6_every_workflow_step_is_listed() -> None:
    assert set(STEPS) == set(workflow.STEPS)


@pytest.fixture
def tasks(world: World) -> dict[str, Task]:
    made = {}
    for action, (state, _body) in STEPS.items():
        made[action] = TaskFactory(
            directive=world.directive,
            lead_agency=world.agencies["stc"],
            state=state,
            tracking_officer=world.users["tracking_officer"],
            deadline=date(2026, 12, 15),
            completed_on=date(2026, 11, 18)
            if state in (S.REPORTED_DONE, S.CONFIRMED_DONE)
            else None,
        )
    for action in ("approve_extension", "refuse_extension"):
        ExtensionRequestFactory(
            task=made[action], requested_by=world.users["agency_officer"]
        )
    return made


def test_line_6_leader_takes_no_step_from_the_task_page(
    world: World, tasks: dict[str, Task]
) -> None:
    client = world.client("leader")
    before = fingerprint(world)
    for action, (_state, body) in STEPS.items():
        if action in LEADERS_OWN:
            continue
        task = tasks[action]
        data = {f"{action}-{k}": v for k, v in body.items()}
        response = client.post(reverse("tasks:action", args=[task.pk, action]), data)
        assert response.status_code == 403, action
        page = client.get(task.get_absolute_url()).content.decode()
        assert f"/nhiem-vu/{task.pk}/{action}/" not in page, action
    assert fingerprint(world) == before
    assert all(Task.objects.get(pk=t.pk).state == STEPS[a][0] for a, t in tasks.items())


def test_line_6_leader_takes_no_step_through_the_api(
    world: World, tasks: dict[str, Task]
) -> None:
    client = world.client("leader")
    before = fingerprint(world)
    for action, (_state, body) in STEPS.items():
        if action in LEADERS_OWN:
            continue
        url = reverse("api:task-action", args=[tasks[action].pk, action])
        response = client.post(url, json.dumps(body), content_type="application/json")
        assert response.status_code == 403, action
        assert response.json()["code"] == "permission_denied", action
    assert fingerprint(world) == before
