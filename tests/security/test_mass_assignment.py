"""No mass assignment: a request changes only the fields its operation owns.

SECURITY.md 5: the assignee's progress report that also sends `deadline`,
the lead agency, the state or the author changes none of them, and the
recorded event shows no change to them.
"""

from __future__ import annotations

import json

from django.urls import reverse

from chidao.tasks.handover import handover_due
from chidao.tasks.models import Task

from .conftest import World

SMUGGLED = {
    "deadline": "2027-06-30",
    "original_deadline": "2027-06-30",
    "lead_agency": None,  # filled with SNV below
    "agency": None,
    "assigner": None,
    "tracking_officer": None,
    "state": "confirmed_done",
    "confirmed_on": "2026-11-20",
    "by": None,
}


def _smuggled(world: World, prefix: str = "") -> dict:
    snv, outsider = world.agencies["snv"].pk, world.users["outsider"].pk
    values = {
        **SMUGGLED,
        "lead_agency": snv,
        "agency": snv,
        "assigner": outsider,
        "tracking_officer": outsider,
        "by": outsider,
    }
    return {f"{prefix}{k}": v for k, v in values.items()} | values


def _shape(task: Task) -> dict:
    task.refresh_from_db()
    return {
        "deadline": task.deadline,
        "original_deadline": task.original_deadline,
        "lead_agency": task.lead_agency_id,
        "tracking_officer": task.tracking_officer_id,
        "confirmed_on": task.confirmed_on,
        "directive": task.directive_id,
    }


def test_line_5_progress_report_page_ignores_smuggled_fields(world: World) -> None:
    task, before = world.task, _shape(world.task)
    version = task.version
    data = {"report-text": "Đã lập xong dự thảo dự toán."} | _smuggled(world, "report-")
    response = world.client("agency_officer").post(
        reverse("tasks:action", args=[task.pk, "report"]), data
    )
    assert response.status_code == 302
    assert _shape(task) == before
    assert task.state == Task.State.ACCEPTED
    assert task.version == version + 1
    report = task.reports.latest("id")
    assert report.by == world.users["agency_officer"]
    event = task.events.latest("id")
    assert (event.action, event.from_state, event.to_state) == (
        "report",
        "accepted",
        "accepted",
    )
    assert event.data == {"done": False}


def test_line_5_progress_report_api_ignores_smuggled_fields(world: World) -> None:
    task, before = world.task, _shape(world.task)
    response = world.client("agency_lead").post(
        reverse("api:task-action", args=[task.pk, "report"]),
        json.dumps({"text": "Đã lập xong dự thảo."} | _smuggled(world)),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert _shape(task) == before
    body = response.json()
    assert body["state"] == "accepted"
    assert body["deadline"] == "2026-12-15"
    assert task.reports.latest("id").by == world.users["agency_lead"]


def test_line_5_assignee_cannot_patch_the_task(world: World) -> None:
    task, before = world.task, _shape(world.task)
    response = world.client("agency_lead").patch(
        reverse("api:task", args=[task.pk]),
        json.dumps({"version": task.version, "deadline": "2027-06-30"}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert _shape(task) == before
    assert not task.events.filter(action="update").exists()


def test_line_5_office_patch_cannot_set_state_or_record_fields(world: World) -> None:
    task = world.task
    before = _shape(task) | {"state": task.state, "handed_over_at": task.handed_over_at}
    response = world.client("office_lead").patch(
        reverse("api:task", args=[task.pk]),
        json.dumps(
            {
                "version": task.version,
                "content": "Lập dự toán ngân sách năm 2027 (sửa)",
                "state": "confirmed_done",
                "confirmed_on": "2026-11-20",
                "completed_on": "2026-11-19",
                "handed_over_at": None,
                "directive": world.other_directive.pk,
                "created_by": world.users["outsider"].pk,
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 200
    after = _shape(task) | {"state": task.state, "handed_over_at": task.handed_over_at}
    assert after == before
    assert task.content.endswith("(sửa)")
    assert task.completed_on is None
    assert task.created_by_id != world.users["outsider"].pk
    changes = task.events.get(action="update").data["changes"]
    assert set(changes) == {"content"}


def test_line_5_handed_over_deadline_moves_only_by_an_extension(world: World) -> None:
    task, before = world.task, _shape(world.task)
    response = world.client("office_lead").patch(
        reverse("api:task", args=[task.pk]),
        json.dumps({"version": task.version, "deadline": "2027-06-30"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert _shape(task) == before


def test_line_5_comment_author_is_the_signed_in_user(world: World) -> None:
    task = world.task
    response = world.client("agency_officer").post(
        reverse("api:task-comments", args=[task.pk]),
        json.dumps(
            {"text": "Ý kiến", "by": world.users["leader"].pk, "at": "2020-01-01"}
        ),
        content_type="application/json",
    )
    assert response.status_code == 201
    comment = task.comments.latest("id")
    assert comment.by == world.users["agency_officer"]
    assert comment.at.year == 2026


def test_line_5_directive_patch_cannot_set_record_fields(world: World) -> None:
    directive = world.directive
    before = (directive.created_by_id, directive.number)
    response = world.client("tracking_officer").patch(
        reverse("api:directive", args=[directive.pk]),
        json.dumps(
            {
                "summary": "Về quản lý ngân sách năm 2027 (sửa)",
                "created_by": world.users["outsider"].pk,
                "handover_due": "2030-01-01",
                "handover_due_on": "2030-01-01",
                "issued_year": 1999,
                "search_text": "x",
                "id": 999,
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 200
    directive.refresh_from_db()
    assert directive.pk == world.directive.pk
    assert (directive.created_by_id, directive.number) == before
    # Computed from the issue date and the tasks (Art. 7.1), never taken as given.
    assert directive.handover_due_on == handover_due(directive)
    assert directive.issued_year == directive.issued_on.year
    assert "ngan sach" in directive.search_text
