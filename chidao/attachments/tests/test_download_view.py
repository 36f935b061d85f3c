"""GET /tep/<id>/: only clean files, only to those who see the parent."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from chidao.attachments.models import Attachment
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import TaskFactory

from . import samples
from .factories import AttachmentFactory

pytestmark = pytest.mark.django_db

NAME = "Báo cáo tiến độ quý 3.pdf"
CONTENT = samples.pdf_bytes()


@pytest.fixture
def task(stc):  # noqa: ANN001, ANN201
    return TaskFactory(lead_agency=stc, state=Task.State.ACCEPTED)


@pytest.fixture
def attachment(task, stc_chuyenvien):  # noqa: ANN001, ANN201
    return AttachmentFactory(
        parent=task, original_name=NAME, content=CONTENT, uploaded_by=stc_chuyenvien
    )


def url(attachment: Attachment) -> str:
    return reverse("attachments:download", args=[attachment.pk])


def test_line_38_43_lead_agency_downloads_the_exact_bytes_as_an_attachment(
    client, stc_lanhdao, attachment
):
    client.force_login(stc_lanhdao)
    response = client.get(url(attachment))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body == CONTENT  # byte-identical (SECURITY.md 43)
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote(NAME)}" in disposition
    assert 'filename="Bao cao tien do quy 3.pdf"' in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert "sandbox" in response["Content-Security-Policy"]


def test_the_office_and_leaders_may_download(
    client, vp_chuyenvien, chutich, attachment
):
    for user in (vp_chuyenvien, chutich):
        client.force_login(user)
        assert client.get(url(attachment)).status_code == 200


def test_line_3_another_agency_gets_404_like_a_missing_file(
    client, snv_chuyenvien, attachment
):
    client.force_login(snv_chuyenvien)
    hidden = client.get(url(attachment))
    missing = client.get(reverse("attachments:download", args=[attachment.pk + 999]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.templates[0].name == missing.templates[0].name == "404.html"


@pytest.mark.parametrize(
    "status",
    [
        Attachment.Status.QUARANTINED,
        Attachment.Status.SCAN_ERROR,
        Attachment.Status.INFECTED,
        Attachment.Status.REJECTED,
    ],
)
def test_line_39_files_that_are_not_clean_are_never_served(
    client, stc_chuyenvien, task, status
):
    blocked = AttachmentFactory(parent=task, status=status, uploaded_by=stc_chuyenvien)
    client.force_login(stc_chuyenvien)
    assert client.get(url(blocked)).status_code == 404


def test_an_unknown_type_goes_out_as_octet_stream(client, stc_chuyenvien, task):
    odd = AttachmentFactory(parent=task, content_type_detected="text/html")
    client.force_login(stc_chuyenvien)
    response = client.get(url(odd))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


def test_line_3_the_raw_storage_path_is_not_served(client, stc_chuyenvien, attachment):
    client.force_login(stc_chuyenvien)
    assert client.get(f"/media/{attachment.stored_name}").status_code == 404
    assert client.get(f"/{attachment.stored_name}").status_code == 404


def test_signed_out_users_are_sent_to_sign_in(client, attachment):
    response = client.get(url(attachment))
    assert response.status_code == 302
    assert "/tai-khoan/" in response["Location"]


def test_post_is_not_allowed(client, stc_chuyenvien, attachment):
    client.force_login(stc_chuyenvien)
    assert client.post(url(attachment)).status_code == 405


def test_a_file_missing_from_storage_is_404_and_logged(
    client, stc_chuyenvien, attachment, media, caplog
):
    (media / attachment.stored_name).unlink()
    client.force_login(stc_chuyenvien)
    assert client.get(url(attachment)).status_code == 404
    assert "attachment missing from storage" in caplog.text


def test_behind_nginx_the_app_authorises_and_nginx_sends_the_bytes(
    client, stc_lanhdao, snv_chuyenvien, attachment, settings
):
    settings.ATTACHMENT_ACCEL_REDIRECT = "/_protected/"
    client.force_login(stc_lanhdao)
    response = client.get(url(attachment))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_protected/{attachment.stored_name}"
    assert response.content == b""
    assert response["Content-Disposition"].startswith("attachment;")
    assert quote(NAME) in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    # The authorisation is unchanged: an outsider gets the same 404.
    client.force_login(snv_chuyenvien)
    outsider = client.get(url(attachment))
    assert outsider.status_code == 404
    assert "X-Accel-Redirect" not in outsider
