"""The workflow cannot be skipped or driven by the wrong side (SECURITY.md 7).

The assignee cannot confirm its own report or decide its own extension; a
step out of order is 409; each refusal leaves the task as it was.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.urls import reverse

from chidao.tasks.models import ExtensionRequest, Task
from chidao.tasks.tests.factories import ExtensionRequestFactory, TaskFactory

from .conftest import World

S = Task.State


def _page(world: World, role: str, task: Task, action: str, data: dict) -> int:
    url = reverse("tasks:action", args=[task.pk, action])
    data = {f"{action}-{k}": v for k, v in data.items()}
    return world.client(role).post(url, data).status_code


def _api(world: World, role: str, task: Task, action: str, data: dict) -> int:
    url = reverse("api:task-action", args=[task.pk, action])
    response = world.client(role).post(
        url, json.dumps(data), content_type="application/json"
    )
    return response.status_code


SENDERS = {"page": _page, "api": _api}


def _task(world: World, state: str, **kw: object) -> Task:
    return TaskFactory(
        directive=world.directive,
        lead_agency=world.agencies["stc"],
        state=state,
        tracking_officer=world.users["tracking_officer"],
        deadline=date(2026, 12, 15),
        **kw,
    )


def _unchanged(task: Task) -> tuple:
    before = (task.state, task.version, task.deadline, task.confirmed_on)
    task.refresh_from_db()
    return before, (task.state, task.version, task.deadline, task.confirmed_on)


@pytest.mark.parametrize("via", SENDERS)
@pytest.mark.parametrize(
    ("role", "state", "action", "data", "expected"),
    [
        # Only the Office confirms what the agency reported (Art. 8.2).
        ("agency_officer", S.REPORTED_DONE, "confirm", {}, 403),
        ("agency_lead", S.REPORTED_DONE, "confirm", {}, 403),
        # Only the Office hands over and revises.
        ("agency_lead", S.RETURNED, "revise", {}, 403),
        # Only the office lead cancels.
        ("tracking_officer", S.ACCEPTED, "cancel", {"reason": "Trùng lặp."}, 403),
        # Reporting before accepting skips a step.
        (
            "agency_officer",
            S.HANDED_OVER,
            "report",
            {"text": "Xong.", "done": True, "completed_on": "2026-11-19"},
            409,
        ),
        # Confirming what nobody reported done skips a step.
        ("tracking_officer", S.ACCEPTED, "confirm", {}, 409),
        ("office_lead", S.HANDED_OVER, "confirm", {}, 409),
        # A closed task takes no report and no second confirmation.
        ("agency_officer", S.CONFIRMED_DONE, "report", {"text": "Thêm."}, 409),
        ("tracking_officer", S.CONFIRMED_DONE, "confirm", {}, 409),
        ("agency_lead", S.CANCELLED, "accept", {}, 409),
    ],
)
def test_line_7_a_step_out_of_turn_is_refused_and_changes_nothing(
    world: World,
    via: str,
    role: str,
    state: str,
    action: str,
    data: dict,
    expected: int,
) -> None:
    if via == "page" and "done" in data:
        data = {**data, "done": "on"}
    task = _task(world, state)
    assert SENDERS[via](world, role, task, action, data) == expected
    before, after = _unchanged(task)
    assert after == before
    assert not task.events.exists()
    assert not task.reports.exists()


@pytest.mark.parametrize("via", SENDERS)
@pytest.mark.parametrize("action", ["approve_extension", "refuse_extension"])
def test_line_7_the_assignee_cannot_decide_its_own_extension(
    world: World, via: str, action: str
) -> None:
    task = _task(world, S.ACCEPTED)
    request = ExtensionRequestFactory(
        task=task, requested_by=world.users["agency_officer"]
    )
    for role in ("agency_officer", "agency_lead", "tracking_officer"):
        status = SENDERS[via](world, role, task, action, {"reason": "Đồng ý."})
        assert status == 403, role
    request.refresh_from_db()
    assert request.state == ExtensionRequest.State.REQUESTED
    before, after = _unchanged(task)
    assert after == before


def test_line_7_only_the_office_moves_a_report_from_done_to_confirmed(
    world: World,
) -> None:
    task = _task(world, S.ACCEPTED)
    report = {"text": "Đã trình dự toán.", "done": True, "completed_on": "2026-11-19"}
    assert _api(world, "agency_officer", task, "report", report) == 200
    task.refresh_from_db()
    # Art. 8.1: the officer's report waits for the agency head first.
    assert task.state == S.ACCEPTED
    assert _api(world, "tracking_officer", task, "confirm", {}) == 409
    assert _api(world, "agency_officer", task, "approve_done", {}) == 403
    assert _api(world, "tracking_officer", task, "approve_done", {}) == 403
    assert _api(world, "agency_lead", task, "approve_done", {}) == 200
    task.refresh_from_db()
    assert task.state == S.REPORTED_DONE
    assert _api(world, "agency_officer", task, "confirm", {}) == 403
    assert _api(world, "tracking_officer", task, "confirm", {}) == 200
    task.refresh_from_db()
    assert task.state == S.CONFIRMED_DONE
    assert [e.action for e in task.events.all()] == [
        "report",
        "approve_done",
        "confirm",
    ]
