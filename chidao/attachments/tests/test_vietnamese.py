"""Vietnamese first: refusals and the panel speak the words of UI.md."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from chidao.attachments.models import Attachment
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import TaskFactory

from . import samples
from .factories import AttachmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(stc):  # noqa: ANN001, ANN201
    return TaskFactory(lead_agency=stc, state=Task.State.ACCEPTED)


def test_a_refusal_is_in_vietnamese_by_default(
    settings, token_client, stc_chuyenvien, task
):
    settings.LANGUAGE_CODE = "vi"
    response = token_client(stc_chuyenvien).post(
        f"/api/v1/tasks/{task.pk}/attachments",
        {"file": samples.upload("hóa đơn.pdf", samples.exe_bytes())},
        format="multipart",
    )
    assert response.status_code == 422
    assert "Loại tệp này không được chấp nhận" in response.json()["detail"]
    assert "một chương trình Windows" in response.json()["detail"]


def test_an_infection_is_reported_in_english_when_asked(
    token_client, stc_chuyenvien, task
):
    response = token_client(stc_chuyenvien).post(
        f"/api/v1/tasks/{task.pk}/attachments",
        {"file": samples.upload("a.pdf", samples.EICAR)},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.json()["detail"].startswith("Malware found")


def test_the_panel_says_waiting_and_blocked_in_vietnamese(task, stc_chuyenvien):
    AttachmentFactory(
        parent=task, status=Attachment.Status.SCAN_ERROR, uploaded_by=stc_chuyenvien
    )
    AttachmentFactory(
        parent=task, status=Attachment.Status.INFECTED, uploaded_by=stc_chuyenvien
    )
    request = RequestFactory().get("/")
    request.user = stc_chuyenvien
    with translation.override("vi"):
        html = render_to_string(
            "attachments/_panel.html",
            {"parent": task, "kind": "task", "user": stc_chuyenvien},
            request=request,
        )
    assert "Đang chờ quét" in html
    assert "Bị chặn" in html
    assert "Đính kèm tệp" in html
