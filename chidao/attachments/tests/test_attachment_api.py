"""POST/GET /api/v1/tasks/{id}/attachments and GET /api/v1/attachments/{id}."""

from urllib.parse import quote

import pytest

from chidao.attachments.models import Attachment
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import DirectiveFactory, TaskFactory

from . import samples
from .conftest import stored_files
from .factories import AttachmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(stc, snv):  # noqa: ANN001, ANN201
    return TaskFactory(
        lead_agency=stc, state=Task.State.ACCEPTED, cooperating_agencies=[snv]
    )


def upload(api, task, name, data):  # noqa: ANN001, ANN201
    return api.post(
        f"/api/v1/tasks/{task.pk}/attachments",
        {"file": samples.upload(name, data)},
        format="multipart",
    )


def test_lead_agency_uploads_a_real_docx_and_downloads_it(
    token_client, stc_chuyenvien, stc_lanhdao, task
):
    data = samples.docx_bytes()
    response = upload(token_client(stc_chuyenvien), task, "Kế hoạch số 5.docx", data)
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Kế hoạch số 5.docx"
    assert body["size"] == len(data)
    assert body["scan_status"] == "not_scanned"  # no ClamAV in this test
    download = token_client(stc_lanhdao).get(f"/api/v1/attachments/{body['id']}")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == data
    assert download["Content-Disposition"].endswith(
        f"filename*=UTF-8''{quote('Kế hoạch số 5.docx')}"
    )
    assert download["X-Content-Type-Options"] == "nosniff"


def test_download_ignores_the_accept_header(token_client, stc_chuyenvien, task):
    attachment = AttachmentFactory(parent=task)
    response = token_client(stc_chuyenvien).get(
        f"/api/v1/attachments/{attachment.pk}", HTTP_ACCEPT="application/pdf"
    )
    assert response.status_code == 200


def test_another_agency_gets_404_on_download_and_list(
    token_client, snv_chuyenvien, stc
):
    other = TaskFactory(lead_agency=stc, state=Task.State.ACCEPTED)
    attachment = AttachmentFactory(parent=other)
    api = token_client(snv_chuyenvien)
    response = api.get(f"/api/v1/attachments/{attachment.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert api.get(f"/api/v1/tasks/{other.pk}/attachments").status_code == 404
    assert upload(api, other, "a.pdf", samples.pdf_bytes()).status_code == 404


@pytest.mark.parametrize(
    ("name", "build", "reason"),
    [
        ("hóa đơn.pdf", samples.exe_bytes, "Windows program"),
        ("trang.html", lambda: samples.HTML, "not accepted"),
        ("logo.svg", lambda: samples.SVG, "not accepted"),
    ],
)
def test_refused_types_are_422_file_rejected_and_store_nothing(
    token_client, stc_chuyenvien, task, media, name, build, reason
):
    response = upload(token_client(stc_chuyenvien), task, name, build())
    assert response.status_code == 422
    assert response.json()["code"] == "file_rejected"
    assert reason in response.json()["detail"]
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []


def test_an_oversized_file_is_422(token_client, stc_chuyenvien, task, settings, media):
    settings.ATTACHMENT_MAX_BYTES = 100
    response = upload(token_client(stc_chuyenvien), task, "a.pdf", samples.pdf_bytes())
    assert response.status_code == 422
    assert "larger than the limit" in response.json()["detail"]
    assert stored_files(media) == []


@pytest.mark.parametrize(
    ("name", "build", "status", "reason"),
    [
        ("hợp đồng.pdf", lambda: samples.EICAR, "infected", "EICAR"),
        (
            "hồ sơ.zip",
            lambda: samples.zip_bytes({"eicar.txt": samples.EICAR}),
            "infected",
            "EICAR",
        ),
        (
            "Kế hoạch.docx",
            lambda: samples.docx_bytes(extra_parts={"word/vbaProject.bin": b"1" * 99}),
            "rejected",
            "macros",
        ),
        (
            "công văn.pdf",
            lambda: samples.pdf_bytes(open_action_js="app.launchURL('x')"),
            "rejected",
            "active content",
        ),
        (
            "bom.zip",
            lambda: samples.zip_bytes({"a.pdf": b"%PDF-" + bytes(3 * 1024 * 1024)}),
            "rejected",
            "zip bomb",
        ),
        (
            "mật.zip",
            lambda: samples.encrypted_zip_bytes({"a.pdf": samples.pdf_bytes()}),
            "rejected",
            "encrypted",
        ),
    ],
)
def test_files_the_scan_refuses_are_422_and_kept_for_audit_only(
    token_client, stc_chuyenvien, task, media, name, build, status, reason
):
    response = upload(token_client(stc_chuyenvien), task, name, build())
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "file_rejected"
    assert reason in body["detail"]
    assert body["scan_status"] == status
    assert body["download_url"] is None
    attachment = Attachment.objects.get()
    assert attachment.status == status
    assert stored_files(media) == []
    download = token_client(stc_chuyenvien).get(f"/api/v1/attachments/{attachment.pk}")
    assert download.status_code == 404


def test_the_list_shows_files_with_their_scan_status(
    token_client, stc_chuyenvien, snv_chuyenvien, task
):
    AttachmentFactory(parent=task, original_name="sạch.pdf")
    AttachmentFactory(
        parent=task,
        original_name="chặn.pdf",
        status=Attachment.Status.REJECTED,
        uploaded_by=stc_chuyenvien,
    )
    mine = token_client(stc_chuyenvien).get(f"/api/v1/tasks/{task.pk}/attachments")
    assert mine.status_code == 200
    assert mine.json()["count"] == 2
    assert [r["scan_status"] for r in mine.json()["results"]] == ["clean", "rejected"]
    # Other users who see the task see only its clean files.
    theirs = token_client(snv_chuyenvien).get(f"/api/v1/tasks/{task.pk}/attachments")
    assert [r["name"] for r in theirs.json()["results"]] == ["sạch.pdf"]


def test_visible_but_not_allowed_is_403(token_client, chutich, snv_chuyenvien, task):
    for user in (chutich, snv_chuyenvien):
        response = upload(token_client(user), task, "a.pdf", samples.pdf_bytes())
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"
    assert Attachment.objects.count() == 0


def test_no_file_is_422_invalid(token_client, stc_chuyenvien, task):
    response = token_client(stc_chuyenvien).post(
        f"/api/v1/tasks/{task.pk}/attachments", {}, format="multipart"
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert "file" in response.json()["errors"]
    assert Attachment.objects.count() == 0


def test_without_a_token_it_is_401(api_client, task):
    assert api_client.get(f"/api/v1/tasks/{task.pk}/attachments").status_code == 401


def test_the_office_attaches_to_a_directive(token_client, vp_chuyenvien):
    directive = DirectiveFactory()
    response = token_client(vp_chuyenvien).post(
        f"/api/v1/directives/{directive.pk}/attachments",
        {"file": samples.upload("Quyết định.pdf", samples.pdf_bytes())},
        format="multipart",
    )
    assert response.status_code == 201
    assert Attachment.objects.of(directive).count() == 1


def test_a_secret_stamped_file_is_422_and_deleted(token_client, vp_chuyenvien, task):
    data = samples.pdf_bytes(("UBND TỈNH AN GIANG", "MẬT", "Về việc"))
    response = upload(token_client(vp_chuyenvien), task, "a.pdf", data)
    assert response.status_code == 422
    assert response.json()["scan_status"] == "rejected"
    assert Attachment.objects.get().stored_name == ""
    assert "Suspected state secret" in response.json()["detail"]
