"""The real ClamAV engine through its daemon, with self-written signatures.

Marked `clamav`; skipped with the apt-get hint where ClamAV is missing, never
in CI (.ci/run installs it). SECURITY.md 39-41.
"""

import io
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.utils import timezone

from chidao.attachments import services
from chidao.attachments.clamav import ClamdClient
from chidao.attachments.models import Attachment
from chidao.attachments.tests.clamd import (
    CLAMSCAN,
    INSTALL_HINT,
    MARKER,
    MARKER_SIGNATURE,
    clamav_installed,
    write_database,
)
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import TaskFactory

from . import samples

pytestmark = [
    pytest.mark.clamav,
    pytest.mark.skipif(not clamav_installed(), reason=INSTALL_HINT),
]


def marked_pdf() -> bytes:
    """A valid PDF that only ClamAV's test database calls malware."""
    data = samples.pdf_bytes(title=MARKER.decode())
    assert MARKER in data
    return data


@pytest.fixture
def task(stc):  # noqa: ANN001, ANN201
    return TaskFactory(lead_agency=stc, state=Task.State.ACCEPTED)


def test_clamscan_detects_eicar_with_the_test_database(tmp_path: Path):
    write_database(tmp_path / "db", age_days=1)
    sample = tmp_path / "sample.bin"
    sample.write_bytes(samples.EICAR)
    result = subprocess.run(  # noqa: S603
        [CLAMSCAN, "--no-summary", "-d", str(tmp_path / "db"), str(sample)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "ChiDao.Test.EICAR" in result.stdout


def test_line_40_clamscan_with_an_empty_database_fails_with_exit_2(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    sample = tmp_path / "sample.pdf"
    sample.write_bytes(samples.pdf_bytes())
    result = subprocess.run(  # noqa: S603
        [CLAMSCAN, "--no-summary", "-d", str(tmp_path / "empty"), str(sample)],
        capture_output=True,
        check=False,
    )
    assert result.returncode == 2


def test_clamd_reports_its_signature_date(fresh_clamd):
    version = ClamdClient(socket_path=fresh_clamd.socket_path).version()
    assert version.signatures_version == 90001
    age = timezone.now() - version.signatures_date
    assert 0.9 < age.total_seconds() / 86400 < 1.1


def test_line_39_clamd_finds_eicar_and_the_marker_inside_a_zip(fresh_clamd):
    client = ClamdClient(socket_path=fresh_clamd.socket_path)
    assert client.instream(io.BytesIO(samples.EICAR)).startswith("ChiDao.Test.EICAR")
    inner = samples.zip_bytes({"báo cáo.pdf": marked_pdf()})
    assert client.instream(io.BytesIO(inner)).startswith(MARKER_SIGNATURE)
    assert client.instream(io.BytesIO(samples.pdf_bytes())) is None


@pytest.mark.skipif(shutil.which("zip") is None, reason="the zip program is missing")
def test_line_41_clamd_flags_zip_dash_p_output_as_encrypted(
    fresh_clamd, tmp_path: Path
):
    (tmp_path / "a.pdf").write_bytes(samples.pdf_bytes())
    subprocess.run(  # noqa: S603
        ["zip", "-q", "-P", "matkhau", "enc.zip", "a.pdf"],  # noqa: S607
        cwd=tmp_path,
        check=True,
    )
    client = ClamdClient(socket_path=fresh_clamd.socket_path)
    found = client.instream(io.BytesIO((tmp_path / "enc.zip").read_bytes()))
    assert found.startswith("Heuristics.Encrypted.Zip")


@pytest.mark.django_db
def test_a_file_only_clamav_knows_is_infected(fresh_clamd, task, stc_chuyenvien, media):
    attachment = services.attach_file(
        task, samples.upload("Báo cáo.pdf", marked_pdf()), by=stc_chuyenvien
    )
    assert attachment.status == Attachment.Status.INFECTED
    assert MARKER_SIGNATURE in attachment.reason
    assert [s["scanner"] for s in attachment.scanner_report["scanners"]][-1] == "clamav"
    assert list(media.rglob("*.*")) == []


@pytest.mark.django_db
def test_a_clean_file_passes_clamav(fresh_clamd, task, stc_chuyenvien):
    attachment = services.attach_file(
        task, samples.upload("Báo cáo.pdf", samples.pdf_bytes()), by=stc_chuyenvien
    )
    assert attachment.status == Attachment.Status.CLEAN
    steps = {s["scanner"]: s for s in attachment.scanner_report["scanners"]}
    assert steps["clamav"]["outcome"] == "clean"
    assert "90001" in steps["clamav"]["detail"]


@pytest.mark.django_db
def test_line_40_stale_signatures_keep_the_file_in_quarantine(
    stale_clamd, task, stc_chuyenvien, client
):
    attachment = services.attach_file(
        task, samples.upload("Báo cáo.pdf", samples.pdf_bytes()), by=stc_chuyenvien
    )
    assert attachment.status == Attachment.Status.SCAN_ERROR
    assert "more than 7 days" in attachment.reason
    assert attachment.is_waiting and attachment.stored_name
    client.force_login(stc_chuyenvien)
    assert client.get(f"/tep/{attachment.pk}/").status_code == 404


@pytest.mark.django_db
def test_line_40_an_unreachable_daemon_fails_closed(
    settings, tmp_path: Path, task, stc_chuyenvien
):
    settings.CLAMAV_SOCKET = str(tmp_path / "gone.sock")
    settings.CLAMAV_TIMEOUT = 2
    attachment = services.attach_file(
        task, samples.upload("Báo cáo.pdf", samples.pdf_bytes()), by=stc_chuyenvien
    )
    assert attachment.status == Attachment.Status.SCAN_ERROR
    assert "cannot be reached" in attachment.reason


@pytest.mark.django_db
def test_line_40_a_daemon_that_does_not_answer_times_out(
    settings, task, stc_chuyenvien
):
    import socket

    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)  # accepts, never replies
        settings.CLAMAV_TCP = f"127.0.0.1:{silent.getsockname()[1]}"
        settings.CLAMAV_TIMEOUT = 0.5
        started = time.monotonic()
        attachment = services.attach_file(
            task, samples.upload("a.pdf", samples.pdf_bytes()), by=stc_chuyenvien
        )
    assert attachment.status == Attachment.Status.SCAN_ERROR
    assert time.monotonic() - started < 10


@pytest.mark.django_db
def test_rescan_releases_the_file_once_clamav_is_back(
    settings, tmp_path: Path, fresh_clamd, task, stc_chuyenvien
):
    settings.CLAMAV_SOCKET = str(tmp_path / "gone.sock")
    waiting = services.attach_file(
        task, samples.upload("a.pdf", samples.pdf_bytes()), by=stc_chuyenvien
    )
    assert waiting.status == Attachment.Status.SCAN_ERROR
    settings.CLAMAV_SOCKET = fresh_clamd.socket_path
    counts = services.rescan_waiting(now=timezone.now())
    waiting.refresh_from_db()
    assert counts == {"clean": 1}
    assert waiting.status == Attachment.Status.CLEAN
    assert waiting.reason == ""
