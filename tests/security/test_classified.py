"""Classified documents are refused and nothing of them is stored (SECURITY.md 42).

Art. 5.2 of the regulation, Law 117/2025 on state secrets: a directive marked
mật, tối mật or tuyệt mật never enters the system, whichever door it comes by.
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from chidao.attachments.models import Attachment
from chidao.attachments.tests.samples import pdf_bytes

from .conftest import World, counts
from .permission_matrix import BODIES, DIRECTIVE_TEXT, _file

LEVELS = ["mat", "toi_mat", "tuyet_mat"]


def _stored() -> dict[str, int]:
    keep = ("directives.", "tasks.", "attachments.")
    return {k: v for k, v in counts().items() if k.startswith(keep)}


@pytest.mark.parametrize("level", LEVELS)
def test_line_42_api_refuses_a_classified_directive(world: World, level: str) -> None:
    before = _stored()
    body = BODIES["api-directive"](world)[0] | {"classification": level}
    response = world.client("tracking_officer").post(
        reverse("api:directives"), json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["code"] == "classified"
    assert _stored() == before


@pytest.mark.parametrize("level", LEVELS)
def test_line_42_api_refuses_it_before_looking_at_anything_else(
    world: World, level: str
) -> None:
    before = _stored()
    response = world.client("tracking_officer").post(
        reverse("api:directives"),
        json.dumps({"classification": level, "number": "không hợp lệ"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "classified"
    assert _stored() == before


@pytest.mark.parametrize("value", ["MAT", "Mật", ["mat"], {"level": "mat"}])
def test_line_42_odd_spellings_are_refused_too(world: World, value: object) -> None:
    before = _stored()
    body = BODIES["api-directive"](world)[0] | {"classification": value}
    response = world.client("tracking_officer").post(
        reverse("api:directives"), json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422
    assert _stored() == before


def test_line_42_a_recorded_directive_cannot_become_classified(world: World) -> None:
    before = _stored()
    summary = world.directive.summary
    response = world.client("tracking_officer").patch(
        reverse("api:directive", args=[world.directive.pk]),
        json.dumps({"classification": "toi_mat", "summary": "Tóm tắt khác"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "classified"
    world.directive.refresh_from_db()
    assert world.directive.summary == summary
    assert _stored() == before


@pytest.mark.parametrize("level", LEVELS)
def test_line_42_the_form_refuses_a_classified_directive_with_its_tasks(
    world: World, level: str
) -> None:
    before = _stored()
    data = BODIES["directive"](world)[0] | {"classification": level}
    response = world.client("tracking_officer").post(reverse("directives:create"), data)
    assert response.status_code == 422
    assert "5.2" in response.content.decode()  # the refusal names its article
    assert _stored() == before


def test_line_42_the_form_needs_the_classification_declared(world: World) -> None:
    before = _stored()
    data = BODIES["directive"](world)[0]
    del data["classification"]
    response = world.client("tracking_officer").post(reverse("directives:create"), data)
    assert response.status_code == 422
    assert _stored() == before


def test_line_42_the_reader_review_refuses_a_classified_directive(world: World) -> None:
    before = _stored()
    data = BODIES["reviewed"](world)[0] | {"directive-classification": "tuyet_mat"}
    response = world.client("tracking_officer").post(reverse("reader:review"), data)
    assert response.status_code == 422
    assert _stored() == before


@pytest.mark.parametrize("stamp", ["MẬT", "TỐI MẬT", "TUYỆT MẬT"])
def test_line_42_the_reader_refuses_a_stamped_text(world: World, stamp: str) -> None:
    before = _stored()
    text = DIRECTIVE_TEXT.replace("Số: 779", f"{stamp}\nSố: 779")
    response = world.client("tracking_officer").post(
        reverse("api:directive-read"),
        json.dumps({"text": text}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "classified"
    page = world.client("tracking_officer").post(
        reverse("reader:start"), {"text": text}
    )
    assert page.status_code == 422
    assert _stored() == before


def test_line_42_a_stamped_file_is_held_and_never_served(world: World) -> None:
    stamped = _file("bao-cao.pdf", pdf_bytes(("TỐI MẬT", "Báo cáo kết quả")))
    response = world.client("agency_officer").post(
        reverse("api:task_attachments", args=[world.task.pk]), {"file": stamped}
    )
    assert response.status_code in (201, 422)
    attachment = Attachment.objects.latest("id")
    assert not attachment.is_clean
    for role in ("tracking_officer", "agency_lead", "agency_officer"):
        download = reverse("api:attachment_download", args=[attachment.pk])
        assert world.client(role).get(download).status_code == 404


def test_line_42_the_word_mat_in_a_sentence_is_no_stamp(world: World) -> None:
    text = pdf_bytes(("Báo cáo kết quả", "Đổi mật khẩu tài khoản định kỳ."))
    response = world.client("agency_officer").post(
        reverse("api:task_attachments", args=[world.task.pk]),
        {"file": _file("bao-cao.pdf", text)},
    )
    assert response.status_code == 201
    assert response.json()["scan_status"] != "rejected"
