"""verify_attachments (SECURITY.md 43) and rescan_quarantined."""

from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from chidao.attachments.models import Attachment
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import TaskFactory

from .factories import AttachmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(stc):  # noqa: ANN001, ANN201
    return TaskFactory(lead_agency=stc, state=Task.State.ACCEPTED)


def test_line_43_verify_passes_when_every_file_is_intact(task, capsys):
    AttachmentFactory(parent=task)
    call_command("verify_attachments")
    assert "checked 1 file(s), 0 changed or missing" in capsys.readouterr().out


def test_line_43_verify_fails_and_withholds_a_changed_file(task, media: Path, caplog):
    attachment = AttachmentFactory(parent=task)
    (media / attachment.stored_name).write_bytes(b"%PDF-1.4 tampered")
    with pytest.raises(CommandError, match=f"attachment\\(s\\) {attachment.pk}"):
        call_command("verify_attachments")
    attachment.refresh_from_db()
    assert attachment.status == Attachment.Status.QUARANTINED
    assert attachment.is_held
    assert "integrity check failed" in attachment.reason
    assert "integrity failure" in caplog.text


def test_line_43_verify_fails_when_a_file_is_missing(task, media: Path):
    attachment = AttachmentFactory(parent=task)
    (media / attachment.stored_name).unlink()
    with pytest.raises(CommandError):
        call_command("verify_attachments")


def test_verify_lists_and_can_delete_orphan_files(task, capsys):
    from django.core.files.base import ContentFile

    orphan = default_storage.save("attachments/ab/" + "ab" * 16, ContentFile(b"x"))
    AttachmentFactory(parent=task)
    call_command("verify_attachments")
    assert f"orphan file: {orphan}" in capsys.readouterr().out
    call_command("verify_attachments", "--delete-orphans")
    assert not default_storage.exists(orphan)


def test_rescan_releases_waiting_files_and_skips_held_ones(task, capsys):
    waiting = AttachmentFactory(parent=task, status=Attachment.Status.SCAN_ERROR)
    held = AttachmentFactory(
        parent=task,
        status=Attachment.Status.QUARANTINED,
        scanner_report={"hold": "state_secret"},
    )
    call_command("rescan_quarantined")
    waiting.refresh_from_db()
    held.refresh_from_db()
    # No ClamAV here: released as "not virus-scanned", never as clean.
    assert waiting.status == Attachment.Status.NOT_SCANNED
    assert held.status == Attachment.Status.QUARANTINED
    assert "re-scanned 1 file(s). not_scanned: 1" in capsys.readouterr().out


def test_rescan_blocks_a_file_found_bad_later(task):
    from . import samples

    macro = samples.docx_bytes(extra_parts={"word/vbaProject.bin": b"\0" * 64})
    waiting = AttachmentFactory(
        parent=task,
        content=macro,
        original_name="a.docx",
        status=Attachment.Status.SCAN_ERROR,
    )
    call_command("rescan_quarantined")
    waiting.refresh_from_db()
    assert waiting.status == Attachment.Status.REJECTED
    assert waiting.stored_name == ""


def test_rescan_can_hand_the_work_to_the_task_workers(task, capsys):
    waiting = AttachmentFactory(parent=task, status=Attachment.Status.QUARANTINED)
    call_command("rescan_quarantined", "--enqueue")  # immediate backend in tests
    waiting.refresh_from_db()
    assert waiting.status == Attachment.Status.NOT_SCANNED
    assert "enqueued" in capsys.readouterr().out


def test_the_scan_job_rescans_one_file(task):
    from chidao.attachments import jobs

    waiting = AttachmentFactory(parent=task, status=Attachment.Status.SCAN_ERROR)
    result = jobs.scan_attachment.enqueue(waiting.pk)
    assert result.return_value == "not_scanned"
