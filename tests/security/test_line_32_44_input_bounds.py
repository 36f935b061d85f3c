"""Bounds on input: dates 1945–2100 everywhere, texts of sane length
(SECURITY.md 32, 44). Holes found by attacking the running app: a
9999-12-31 deadline or extension was a 500, issue date 0001-01-01 passed,
a 4 MB comment was kept."""

import pytest

from chidao.lib.bounds import TEXT_MAX
from chidao.tasks.models import Comment, ExtensionRequest, Task

from .conftest import World, fingerprint

BAD_DATES = ["9999-12-31", "0001-01-01", "1944-12-31", "2101-01-01"]


@pytest.mark.parametrize("day", BAD_DATES)
def test_line_32_a_deadline_out_of_range_is_a_clean_422(world: World, day: str) -> None:
    from .test_line_45_refusals_logged import api_as

    api = api_as(world, "tracking_officer")
    version = api.get(f"/api/v1/tasks/{world.draft.pk}").json()["version"]
    before = fingerprint(world)
    response = api.patch(
        f"/api/v1/tasks/{world.draft.pk}",
        {"version": version, "deadline": day},
        format="json",
    )
    assert response.status_code == 422
    assert "deadline" in response.json()["errors"]
    assert fingerprint(world) == before


@pytest.mark.parametrize("day", BAD_DATES)
def test_line_32_an_extension_out_of_range_is_refused(world: World, day: str) -> None:
    from .test_line_45_refusals_logged import api_as

    response = api_as(world, "agency_officer").post(
        f"/api/v1/tasks/{world.task.pk}/actions/request_extension",
        {"new_deadline": day, "reason": "Cần thêm thời gian."},
        format="json",
    )
    assert response.status_code == 422
    assert not ExtensionRequest.objects.filter(task=world.task).exists()


@pytest.mark.parametrize("day", ["0001-01-01", "1900-05-01"])
def test_line_44_an_ancient_issue_date_is_refused(world: World, day: str) -> None:
    from .test_line_45_refusals_logged import api_as

    response = api_as(world, "tracking_officer").post(
        "/api/v1/directives",
        {
            "kind": "cong_van",
            "number": "15/UBND-KT",
            "summary": "Về việc thử",
            "issued_on": day,
        },
        format="json",
    )
    assert response.status_code == 422
    assert "issued_on" in response.json()["errors"]


@pytest.mark.parametrize("param", ["deadline_from", "deadline_to", "as_of"])
def test_line_32_filters_refuse_dates_out_of_range(world: World, param: str) -> None:
    from .test_line_45_refusals_logged import api_as

    response = api_as(world, "agency_officer").get(
        "/api/v1/tasks", {param: "9999-12-31"}
    )
    assert response.status_code == 422
    page = world.client("agency_officer").get("/nhiem-vu/", {param: "9999-12-31"})
    assert page.status_code in (200, 422)  # the form shows the error, never a 500


def test_line_32_the_form_refuses_a_far_deadline(world: World) -> None:
    client = world.client("agency_officer")
    response = client.post(
        f"/nhiem-vu/{world.task.pk}/request_extension/",
        {"new_deadline": "31/12/9999", "reason": "Cần thêm thời gian."},
    )
    assert response.status_code in (200, 302, 422)
    assert not ExtensionRequest.objects.filter(task=world.task).exists()


def test_line_32_a_huge_comment_is_refused_and_a_long_one_kept(world: World) -> None:
    from .test_line_45_refusals_logged import api_as

    api = api_as(world, "agency_officer")
    count = Comment.objects.count()
    huge = api.post(
        f"/api/v1/tasks/{world.task.pk}/comments",
        {"text": "x" * 4_000_000},
        format="json",
    )
    assert huge.status_code in (413, 422)
    assert Comment.objects.count() == count
    too_long = api.post(
        f"/api/v1/tasks/{world.task.pk}/comments",
        {"text": "x" * (TEXT_MAX + 1)},
        format="json",
    )
    assert too_long.status_code == 422
    fine = api.post(
        f"/api/v1/tasks/{world.task.pk}/comments",
        {"text": "x" * TEXT_MAX},
        format="json",
    )
    assert fine.status_code == 201


def test_line_32_a_report_text_is_bounded(world: World) -> None:
    from .test_line_45_refusals_logged import api_as

    response = api_as(world, "agency_officer").post(
        f"/api/v1/tasks/{world.task.pk}/actions/report",
        {"text": "x" * (TEXT_MAX + 1), "done": False},
        format="json",
    )
    assert response.status_code == 422
    assert Task.objects.get(pk=world.task.pk).state == Task.State.ACCEPTED
