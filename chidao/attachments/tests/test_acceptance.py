"""Issue 6, "what it must show": each bad file refused with its reason; a real
PDF and DOCX accepted and downloadable by the lead agency, 404 for another."""

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.urls import reverse

from chidao.attachments import services
from chidao.attachments.models import Attachment
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import TaskFactory

from . import samples
from .conftest import stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(stc):  # noqa: ANN001, ANN201
    return TaskFactory(lead_agency=stc, state=Task.State.ACCEPTED)


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("Báo cáo kết quả.pdf", samples.pdf_bytes),
        ("Kế hoạch triển khai.docx", samples.docx_bytes),
    ],
)
def test_line_43_a_real_document_goes_up_and_comes_down_intact(
    client, task, stc_chuyenvien, stc_lanhdao, snv_chuyenvien, name, build
):
    data = build()
    client.force_login(stc_chuyenvien)
    client.post(
        reverse("attachments:upload", args=["task", task.pk]),
        {"file": samples.upload(name, data)},
    )
    attachment = Attachment.objects.of(task).get()
    assert attachment.status == Attachment.Status.NOT_SCANNED  # no ClamAV here
    url = reverse("attachments:download", args=[attachment.pk])

    client.force_login(stc_lanhdao)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert f"filename*=UTF-8''{quote(name)}" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"

    client.force_login(snv_chuyenvien)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "build", "status", "reason"),
    [
        ("EICAR.pdf", lambda: samples.EICAR, "infected", "EICAR test signature"),
        (
            "eicar.zip",
            lambda: samples.zip_bytes({"eicar.com": samples.EICAR}),
            "infected",
            "EICAR test signature",
        ),
        (
            "macro.docx",
            lambda: samples.docx_bytes(extra_parts={"word/vbaProject.bin": b"\0" * 9}),
            "rejected",
            "macros",
        ),
        (
            "js.pdf",
            lambda: samples.pdf_bytes(open_action_js="app.alert(1)"),
            "rejected",
            "active content",
        ),
        ("exe.pdf", samples.exe_bytes, None, "Windows program"),
        (
            "bomb.zip",
            lambda: samples.zip_bytes({"a.pdf": b"%PDF-" + bytes(8 * 1024 * 1024)}),
            "rejected",
            "zip bomb",
        ),
        ("big.pdf", lambda: samples.pdf_bytes() + bytes(4096), None, "larger than"),
    ],
)
def test_each_bad_file_is_refused_with_its_reason(
    client, settings, media, task, stc_chuyenvien, name, build, status, reason
):
    if name == "big.pdf":
        settings.ATTACHMENT_MAX_BYTES = 4096  # rather than writing 51 MB
    client.force_login(stc_chuyenvien)
    response = client.post(
        reverse("attachments:upload", args=["task", task.pk]),
        {"file": samples.upload(name, build())},
        follow=True,
    )
    text = response.content.decode()
    assert reason in text
    rows = list(Attachment.objects.all())
    if status is None:  # refused by type or size: nothing stored at all
        assert rows == []
    else:
        assert [row.status for row in rows] == [status]
    assert stored_files(media) == []


def test_line_35_a_big_upload_reaches_the_service_on_disk_not_in_memory(
    client, settings, task, stc_chuyenvien, monkeypatch
):
    seen = []
    original = services.attach_file

    def spy(parent, upload, **kwargs):  # noqa: ANN001, ANN003, ANN202
        seen.append(type(upload))
        return original(parent, upload, **kwargs)

    monkeypatch.setattr(services, "attach_file", spy)
    big = samples.pdf_bytes(title="x" * (settings.FILE_UPLOAD_MAX_MEMORY_SIZE + 1))
    client.force_login(stc_chuyenvien)
    client.post(
        reverse("attachments:upload", args=["task", task.pk]),
        {"file": samples.upload("lớn.pdf", big)},
    )
    assert seen == [TemporaryUploadedFile]
    assert Attachment.objects.get().is_servable
