"""The upload service: order of checks, storage, audit rows and events."""

import hashlib
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.storage import default_storage

from chidao.attachments import services
from chidao.attachments.models import Attachment
from chidao.attachments.signals import attachment_refused
from chidao.lib.errors import NotAllowed, Refused
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import TaskFactory

from . import samples
from .conftest import stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(stc):  # noqa: ANN001, ANN201
    return TaskFactory(lead_agency=stc, state=Task.State.ACCEPTED)


@pytest.fixture
def refusals():  # noqa: ANN201
    seen: list[dict] = []

    def receiver(sender: object, **kwargs: object) -> None:
        seen.append(kwargs)

    attachment_refused.connect(receiver, dispatch_uid="test-refusals")
    yield seen
    attachment_refused.disconnect(dispatch_uid="test-refusals")


def test_line_38_43_a_clean_pdf_is_stored_under_a_uuid_with_its_hash(
    task, stc_chuyenvien, media
):
    data = samples.pdf_bytes()
    attachment = services.attach_file(
        task, samples.upload("..\\..\\Báo cáo quý 3.pdf", data), by=stc_chuyenvien
    )
    assert attachment.status == Attachment.Status.NOT_SCANNED  # no ClamAV here
    assert attachment.original_name == "Báo cáo quý 3.pdf"
    assert attachment.parent == task
    assert attachment.size == len(data)
    assert attachment.content_type_detected == "application/pdf"
    [stored] = stored_files(media)
    assert stored.relative_to(media).as_posix() == attachment.stored_name
    assert len(stored.name) == 32 and stored.suffix == ""  # a UUID, nothing of the name
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert stored.read_bytes() == data


def test_line_36_a_refused_type_stores_nothing_and_is_an_event(
    task, stc_chuyenvien, media, refusals
):
    with pytest.raises(Refused) as refused:
        services.attach_file(
            task, samples.upload("hóa đơn.pdf", samples.exe_bytes()), by=stc_chuyenvien
        )
    assert refused.value.code == "file_rejected"
    assert "Windows program" in refused.value.message
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []
    assert refusals[0]["attachment"] is None
    assert refusals[0]["parent"] == task
    assert refusals[0]["by"] == stc_chuyenvien


def test_line_35_an_oversized_file_stores_nothing(
    task, stc_chuyenvien, media, settings
):
    settings.ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(Refused, match="larger than the limit of 1.0"):
        services.attach_file(
            task, samples.upload("lớn.pdf", samples.pdf_bytes()), by=stc_chuyenvien
        )
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []


def test_the_type_is_checked_before_the_size(task, stc_chuyenvien, settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(Refused, match="not accepted"):
        services.attach_file(
            task, samples.upload("a.svg", samples.SVG), by=stc_chuyenvien
        )


def test_line_39_eicar_named_pdf_is_recorded_infected_without_its_bytes(
    task, stc_chuyenvien, media, refusals, caplog
):
    attachment = services.attach_file(
        task, samples.upload("hợp đồng.pdf", samples.EICAR), by=stc_chuyenvien
    )
    assert attachment.status == Attachment.Status.INFECTED
    assert attachment.is_blocked
    assert "EICAR" in attachment.reason
    assert attachment.stored_name == ""
    assert stored_files(media) == []
    assert refusals[0]["attachment"] == attachment
    assert "attachment refused" in caplog.text  # the security log line


def test_line_39_eicar_in_a_zip_is_infected_and_its_bytes_deleted(
    task, stc_chuyenvien, media
):
    data = samples.zip_bytes({"eicar.com": samples.EICAR})
    attachment = services.attach_file(
        task, samples.upload("hồ sơ.zip", data), by=stc_chuyenvien
    )
    assert attachment.status == Attachment.Status.INFECTED
    assert stored_files(media) == []
    assert attachment.scanner_report["scanners"][-1]["scanner"] == "eicar"


def test_line_41_a_macro_docx_is_rejected_with_its_reason(
    task, stc_chuyenvien, refusals
):
    data = samples.docx_bytes(extra_parts={"word/vbaProject.bin": b"\0" * 512})
    attachment = services.attach_file(
        task, samples.upload("Kế hoạch.docx", data), by=stc_chuyenvien
    )
    assert attachment.status == Attachment.Status.REJECTED
    assert "macros" in attachment.reason
    assert refusals[0]["reason"] == attachment.reason


def test_line_42_a_secret_stamped_document_is_refused_and_deleted(
    task, stc_chuyenvien, media, caplog
):
    data = samples.docx_bytes(("UBND TỈNH", "TUYỆT MẬT", "Quyết định"))
    with caplog.at_level("INFO", logger="chidao.security"):
        attachment = services.attach_file(
            task, samples.upload("QĐ.docx", data), by=stc_chuyenvien
        )
    assert attachment.status == Attachment.Status.REJECTED
    assert attachment.is_blocked and attachment.stored_name == ""
    assert attachment.scanner_report["refused"] == "state_secret"
    assert "Suspected state secret" in attachment.reason
    # Law 117/2025: never kept on this server, not even in quarantine.
    assert stored_files(media) == []
    line = next(
        r.getMessage() for r in caplog.records if "state_secret" in r.getMessage()
    )
    assert "stc.chuyenvien" in line and attachment.sha256 in line and "QĐ.docx" in line


def test_line_51_a_failure_after_storing_leaves_nothing(task, stc_chuyenvien, media):
    # SECURITY.md 51: the upload completes whole or leaves nothing.
    with (
        mock.patch(
            "chidao.attachments.services.run_pipeline", side_effect=OSError("disk")
        ),
        pytest.raises(OSError, match="disk"),
    ):
        services.attach_file(
            task, samples.upload("a.pdf", samples.pdf_bytes()), by=stc_chuyenvien
        )
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []


def test_line_51_a_database_failure_removes_the_stored_file(
    task, stc_chuyenvien, media
):
    with (
        mock.patch.object(
            Attachment.objects, "create", side_effect=RuntimeError("db down")
        ),
        pytest.raises(RuntimeError),
    ):
        services.attach_file(
            task, samples.upload("a.pdf", samples.pdf_bytes()), by=stc_chuyenvien
        )
    assert stored_files(media) == []


def test_someone_who_may_not_attach_is_refused(task, chutich, media):
    with pytest.raises(NotAllowed):
        services.attach_file(
            task, samples.upload("a.pdf", samples.pdf_bytes()), by=chutich
        )
    assert stored_files(media) == []


def test_line_38_clean_name_keeps_vietnamese_and_drops_paths():
    assert (
        services.clean_name("C:\\Users\\x\\Tờ trình số 5.docx") == "Tờ trình số 5.docx"
    )
    assert services.clean_name("../../etc/passwd") == "passwd"
    assert services.clean_name("a\x00b\r\n.pdf") == "ab.pdf"
    assert services.clean_name("..") == "tep-dinh-kem"
    assert len(services.clean_name("x" * 400 + ".pdf")) == 255
    assert services.clean_name("x" * 400 + ".pdf").endswith(".pdf")


def test_default_storage_is_the_per_test_directory(media: Path):
    assert Path(default_storage.location) == media
