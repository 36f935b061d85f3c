"""No lost updates (SECURITY.md 52).

Two officers open the same task; the first saves; the second's save, made on
the version they read, is refused with 409 and a message to reload, their
input kept on the page and the first officer's content left as saved.
"""

from __future__ import annotations

import json

from django.test import Client
from django.urls import reverse

from .conftest import World


def _edit_form(client: Client, url: str, **changes: str) -> dict:
    """The edit page's form as the browser would send it back, with changes."""
    form = client.get(url).context["form"]
    data = {}
    for field in form:
        value = field.value()
        if value is None:
            continue
        data[field.html_name] = (
            [str(v) for v in value] if isinstance(value, list) else str(value)
        )
    return data | changes


def test_line_52_second_task_editor_gets_409_and_the_first_save_stands(
    world: World,
) -> None:
    url = reverse("tasks:edit", args=[world.task.pk])
    a, b = world.client("tracking_officer"), world.client("office_lead")
    form_a = _edit_form(a, url, content="Nội dung của chuyên viên A")
    form_b = _edit_form(b, url, content="Nội dung của lãnh đạo B")
    assert form_a["version"] == form_b["version"] == str(world.task.version)
    assert a.post(url, form_a).status_code == 302
    response = b.post(url, form_b)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Nội dung của lãnh đạo B" in body  # B's input is kept
    assert "Tải lại" in body or "tải lại" in body.lower()
    world.task.refresh_from_db()
    assert world.task.content == "Nội dung của chuyên viên A"
    assert world.task.events.filter(action="update").count() == 1


def test_line_52_second_api_editor_gets_409_stale(world: World) -> None:
    url = reverse("api:task", args=[world.task.pk])
    a, b = world.client("tracking_officer"), world.client("office_lead")
    version = a.get(url).json()["version"]
    assert b.get(url).json()["version"] == version

    def patch(client: Client, content: str) -> object:
        body = json.dumps({"version": version, "content": content})
        return client.patch(url, body, content_type="application/json")

    assert patch(a, "Nội dung A").status_code == 200
    stale = patch(b, "Nội dung B")
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale"
    world.task.refresh_from_db()
    assert world.task.content == "Nội dung A"
    assert world.task.version == version + 1


def test_line_52_second_directive_editor_gets_409_and_the_first_save_stands(
    world: World,
) -> None:
    url = reverse("directives:edit", args=[world.directive.pk])
    a, b = world.client("tracking_officer"), world.client("office_lead")
    form_a = _edit_form(a, url, summary="Tóm tắt của chuyên viên A")
    form_b = _edit_form(b, url, summary="Tóm tắt của lãnh đạo B")
    assert a.post(url, form_a).status_code == 302
    response = b.post(url, form_b)
    world.directive.refresh_from_db()
    assert world.directive.summary == "Tóm tắt của chuyên viên A"
    assert response.status_code == 409
