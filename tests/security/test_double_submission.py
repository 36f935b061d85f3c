"""The same progress report sent twice is recorded once (SECURITY.md 54).

The report form carries the task's version when it was shown: a second
identical POST (a double click, a resent page) finds the task moved on and
gets 409 with its text kept, so nothing is recorded twice. The API takes the
same `version`; two requests racing each other meet the workflow's
conditional UPDATE, which lets one through.
"""

from __future__ import annotations

import json
import re

from django.urls import reverse

from chidao.tasks.models import ProgressReport

from .conftest import World

TEXT = "Đã hoàn thành dự thảo dự toán, đang lấy ý kiến các sở."


def _form_version(world: World, role: str) -> str:
    page = world.client(role).get(world.task.get_absolute_url()).content.decode()
    match = re.search(r'name="report-version" value="(\d+)"', page)
    assert match, "the report form carries the version it was shown with"
    return match.group(1)


def test_line_54_the_same_report_form_sent_twice_records_one_report(
    world: World,
) -> None:
    before = ProgressReport.objects.count()
    client = world.client("agency_officer")
    data = {
        "report-text": TEXT,
        "report-version": _form_version(world, "agency_officer"),
    }
    url = reverse("tasks:action", args=[world.task.pk, "report"])
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == 302
    assert second.status_code == 409
    assert ProgressReport.objects.count() == before + 1
    assert world.task.events.filter(action="report").count() == 1
    body = second.content.decode()
    assert TEXT in body  # kept for a deliberate second report
    world.task.refresh_from_db()
    assert f'name="report-version" value="{world.task.version}"' in body


def test_line_54_a_deliberate_second_report_goes_through(world: World) -> None:
    client = world.client("agency_officer")
    url = reverse("tasks:action", args=[world.task.pk, "report"])
    version = _form_version(world, "agency_officer")
    client.post(url, {"report-text": TEXT, "report-version": version})
    fresh = _form_version(world, "agency_officer")
    response = client.post(
        url, {"report-text": "Bổ sung số liệu.", "report-version": fresh}
    )
    assert response.status_code == 302
    assert world.task.reports.filter(text__in=[TEXT, "Bổ sung số liệu."]).count() == 2


def test_line_54_the_api_refuses_a_resent_report_with_the_old_version(
    world: World,
) -> None:
    before = ProgressReport.objects.count()
    client = world.client("agency_lead")
    url = reverse("api:task-action", args=[world.task.pk, "report"])
    body = json.dumps({"text": TEXT, "version": world.task.version})
    first = client.post(url, body, content_type="application/json")
    second = client.post(url, body, content_type="application/json")
    assert first.status_code == 200
    assert second.status_code == 409
    assert second.json()["code"] == "stale"
    assert ProgressReport.objects.count() == before + 1


def test_line_54_a_done_report_sent_twice_moves_the_task_once(world: World) -> None:
    client = world.client("agency_officer")
    url = reverse("tasks:action", args=[world.task.pk, "report"])
    data = {
        "report-text": TEXT,
        "report-done": "on",
        "report-completed_on": "2026-11-19",
        "report-version": _form_version(world, "agency_officer"),
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 409
    assert world.task.events.filter(action="report").count() == 1
