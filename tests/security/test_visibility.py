"""Only agencies involved in a task see it, anywhere (SECURITY.md 1, 2, 3).

STC (agency A) leads `world.task`; SNV (agency B) leads `world.other_task`
and, below, a task of STC's own directive. A draft of STC's task is the
Office's until handed over. None of B's tasks, and no draft, may reach an STC
user through a page, a list, the search, an export, a count or a file.
"""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chidao.attachments.models import Attachment
from chidao.attachments.tests.factories import AttachmentFactory
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import TaskFactory

from .conftest import World
from .permission_matrix import _file

MISSING = 987654


def _generic(html: bytes, path: str) -> str:
    # The 404 page carries forms (sign-out, language) with a per-request token
    # and the path to come back to.
    return re.sub(r'value="[A-Za-z0-9]{64}"', "", html.decode()).replace(path, "")


@pytest.fixture
def b_in_same_directive(world: World) -> Task:
    """SNV's task in STC's directive: STC sees the directive, never this task."""
    return TaskFactory(
        directive=world.directive,
        lead_agency=world.agencies["snv"],
        state=Task.State.ACCEPTED,
        handed_over_at=world.task.handed_over_at,
        content="Kiểm tra biên chế dôi dư của Sở Nội vụ",
    )


@pytest.mark.parametrize(
    ("name", "attr"),
    [
        ("tasks:detail", "other_task"),
        ("tasks:edit", "other_task"),
        ("directives:detail", "other_directive"),
        ("attachments:download", "other_file"),
        ("api:task", "other_task"),
        ("api:task-events", "other_task"),
        ("api:task-reports", "other_task"),
        ("api:task-comments", "other_task"),
        ("api:task_attachments", "other_task"),
        ("api:directive", "other_directive"),
        ("api:attachment_download", "other_file"),
    ],
)
def test_line_1_another_agencys_record_is_the_same_404_as_a_missing_one(
    world: World, name: str, attr: str
) -> None:
    world.extra["other_file"] = AttachmentFactory(
        parent=world.other_task, uploaded_by=world.users["tracking_officer"]
    )
    target = getattr(world, attr, None) or world.extra[attr]
    client = world.client("agency_officer")
    hidden_url, missing_url = (reverse(name, args=[pk]) for pk in (target.pk, MISSING))
    hidden, missing = client.get(hidden_url), client.get(missing_url)
    assert hidden.status_code == missing.status_code == 404
    if name.startswith("api:"):
        assert (
            hidden.json()
            == missing.json()
            == {
                "detail": hidden.json()["detail"],
                "code": "not_found",
            }
        )
    else:
        assert _generic(hidden.content, hidden_url) == _generic(
            missing.content, missing_url
        )


def test_line_2_lists_search_and_directive_page_show_only_the_agencys_tasks(
    world: World, b_in_same_directive: Task
) -> None:
    client = world.client("agency_officer")
    hidden = [world.other_task, b_in_same_directive, world.draft]
    pages = [
        reverse("tasks:list"),
        reverse("tasks:inbox"),
        f"{reverse('search')}?q=kiem tra bien che",
        f"{reverse('search')}?q=bo may cap xa",
        f"{reverse('search')}?q=ra soat tai san",
        f"{reverse('search')}?q=202/UBND",
        reverse("directives:list"),
        reverse("directives:detail", args=[world.directive.pk]),
        reverse("reports:agency_dashboard"),
    ]
    for url in pages:
        body = client.get(url).content.decode()
        for task in hidden:
            assert task.content not in body, (url, task.content)
            assert f"/nhiem-vu/{task.pk}/" not in body, (url, task.pk)
        assert world.other_directive.number not in body, url
    assert world.task.content in client.get(reverse("tasks:list")).content.decode()


def test_line_2_api_lists_hold_only_the_agencys_tasks_and_directives(
    world: World, b_in_same_directive: Task
) -> None:
    client = world.client("agency_officer")
    tasks = client.get(reverse("api:tasks"), {"page_size": 200}).json()
    assert [t["id"] for t in tasks["results"]] == [world.task.pk]
    assert tasks["count"] == 1
    found = client.get(reverse("api:tasks"), {"q": "bien che"}).json()
    assert found["count"] == 0
    directives = client.get(reverse("api:directives")).json()
    assert [d["id"] for d in directives["results"]] == [world.directive.pk]


def test_line_2_xlsx_export_holds_only_the_agencys_tasks(
    world: World, b_in_same_directive: Task
) -> None:
    client = world.client("agency_officer")
    for query in ({}, {"q": "bien che"}, {"agency": world.agencies["snv"].pk}):
        response = client.get(reverse("reports:task_list_xlsx"), query)
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.getvalue()))
        text = "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
        for task in (world.other_task, b_in_same_directive, world.draft):
            assert task.content not in text, query
        assert world.other_directive.number not in text


def test_line_2_dashboard_and_summary_count_only_the_agencys_tasks(
    world: World, b_in_same_directive: Task
) -> None:
    client = world.client("agency_officer")
    page = client.get(reverse("reports:agency_dashboard"))
    assert page.context["totals"].total == 1
    summary = client.get(
        reverse("api:reports-summary"), {"from": "2026-10-01", "to": "2026-12-31"}
    ).json()
    assert summary["totals"]["total"] == 1
    assert [r["key"] for r in summary["rows"]] == [world.agencies["stc"].pk]
    by_snv = client.get(
        reverse("api:reports-summary"),
        {"from": "2026-10-01", "to": "2026-12-31", "agency": world.agencies["snv"].pk},
    ).json()
    assert by_snv["totals"]["total"] == 0
    # The Office, reading everything, counts all three handed-over tasks.
    office = world.client("office_lead").get(
        reverse("api:reports-summary"), {"from": "2026-10-01", "to": "2026-12-31"}
    )
    assert office.json()["totals"]["total"] == 3


def test_line_3_a_file_is_served_only_through_the_authorising_view(
    world: World, security_media: object
) -> None:
    stored = world.attachment.stored_name
    outsider = world.client("outsider")
    for path in (
        f"/media/{stored}",
        f"/{stored}",
        f"/var/media/{stored}",
        f"/static/{stored}",
        f"/static/../var/media/{stored}",
    ):
        assert outsider.get(path).status_code == 404, path
        assert world.client("agency_officer").get(path).status_code == 404, path
    download = reverse("attachments:download", args=[world.attachment.pk])
    assert outsider.get(download).status_code == 404
    response = world.client("agency_officer").get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_line_3_an_agency_cannot_share_a_file_with_other_agencies_through_the_directive(
    world: World, b_in_same_directive: Task
) -> None:
    """SNV sees STC's directive (it has a task in it): STC's files stay on STC's
    task, so the directive takes files from the Office only."""
    before = Attachment.objects.count()
    api = reverse("api:directive_attachments", args=[world.directive.pk])
    page = reverse("attachments:upload", args=["directive", world.directive.pk])
    stc = world.client("agency_officer")
    assert stc.post(api, {"file": _file()}).status_code == 403
    assert stc.post(page, {"file": _file()}).status_code == 403
    assert Attachment.objects.count() == before
    assert world.client("outsider").get(api).json()["count"] == 0
