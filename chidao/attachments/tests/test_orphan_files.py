"""A killed or rolled-back upload leaves at most a file; the nightly job removes it."""

import os
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone

from chidao.attachments import jobs, services
from chidao.attachments.models import Attachment
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import TaskFactory

from . import samples
from .conftest import stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(stc):  # noqa: ANN001, ANN201
    return TaskFactory(lead_agency=stc, state=Task.State.ACCEPTED)


def age(path: Path, hours: float) -> None:
    then = (timezone.now() - timedelta(hours=hours)).timestamp()
    os.utime(path, (then, then))


def test_the_file_is_written_before_its_row(task, stc_chuyenvien, media):
    """The crash window holds a file and no row, never a row without its file."""
    seen = {}
    real = services.run_pipeline

    def crash_point(*args: object, **kwargs: object) -> object:
        seen["files"] = len(stored_files(media))
        seen["rows"] = Attachment.objects.count()
        return real(*args, **kwargs)

    with mock.patch.object(services, "run_pipeline", crash_point):
        services.attach_file(
            task, samples.upload("a.pdf", samples.pdf_bytes()), by=stc_chuyenvien
        )
    assert seen == {"files": 1, "rows": 0}


def test_a_rolled_back_request_leaves_a_file_the_job_removes_after_the_grace(
    task, stc_chuyenvien, media, settings
):
    settings.ORPHAN_FILE_GRACE_HOURS = 24
    kept = services.attach_file(
        task, samples.upload("kept.pdf", samples.pdf_bytes()), by=stc_chuyenvien
    )
    # As with ATOMIC_REQUESTS: the view fails after the upload, the row goes.
    with pytest.raises(RuntimeError), transaction.atomic():
        services.attach_file(
            task, samples.upload("lost.pdf", samples.pdf_bytes()), by=stc_chuyenvien
        )
        raise RuntimeError("the request failed after the upload")
    assert Attachment.objects.count() == 1
    files = stored_files(media)
    assert len(files) == 2
    [orphan] = [f for f in files if f.relative_to(media).as_posix() != kept.stored_name]

    # Within the grace period it may be an upload still in flight: kept.
    assert jobs.remove_orphan_files.call() == 0
    assert orphan.exists()

    for path in files:
        age(path, 25)
    assert jobs.remove_orphan_files.call() == 1
    assert not orphan.exists()
    assert (media / kept.stored_name).exists()


def test_orphan_listing_ignores_files_whose_rows_exist(task, media):
    from .factories import AttachmentFactory

    attachment = AttachmentFactory(parent=task)
    age(media / attachment.stored_name, 48)
    assert services.orphan_files(older_than=timezone.now()) == []
    assert services.remove_orphan_files(now=timezone.now()) == []
