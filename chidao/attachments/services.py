"""Attach, scan, re-scan and verify files (Art. 11; SECURITY.md 35-43, 51).

Checks run in the order the regulation's issue lists them: the type judged
by content, the size, then the scan pipeline. Refused by type or size:
nothing is stored. Refused by the scan: the row stays for audit, the bytes
go. Not scannable now (ClamAV down or stale): the file waits in quarantine.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
import unicodedata
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import PurePath, PureWindowsPath
from typing import TYPE_CHECKING, BinaryIO

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.lib.errors import NotAllowed, Refused
from chidao.lib.security_log import log_security_event

from . import filetypes, parents
from .clamav import ClamdClient, ClamdError
from .filetypes import TypeRefused
from .models import Attachment
from .scanners import (
    Outcome,
    ScanResult,
    run_pipeline,
    signature_problem,
    signature_scanners,
    unreachable_message,
)
from .signals import attachment_refused

if TYPE_CHECKING:
    from chidao.accounts.models import User

logger = logging.getLogger(__name__)
security_log = logging.getLogger("chidao.security")

STORAGE_PREFIX = "attachments"
HASH_CHUNK = 1024 * 1024
HEALTH_CACHE_KEY = "attachments:clamav-health"
HEALTH_CACHE_SECONDS = 60

S = Attachment.Status
STATUS_FOR = {
    Outcome.CLEAN: S.CLEAN,
    Outcome.INFECTED: S.INFECTED,
    Outcome.REJECTED: S.REJECTED,
    Outcome.HOLD: S.QUARANTINED,
    Outcome.SECRET: S.REJECTED,
    Outcome.ERROR: S.SCAN_ERROR,
    Outcome.UNSCANNED: S.NOT_SCANNED,
}


def clean_name(name: str | None) -> str:
    """The user's file name, Vietnamese kept, without any path or control chars."""
    base = PureWindowsPath(PurePath(name or "").name).name
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    if base in {"", ".", ".."}:
        base = "tep-dinh-kem"
    if len(base) > 255:
        suffix = PurePath(base).suffix[:20]
        base = base[: 255 - len(suffix)] + suffix
    return base


def new_stored_name() -> str:
    key = uuid.uuid4().hex
    return f"{STORAGE_PREFIX}/{key[:2]}/{key}"


def sha256_of(file: BinaryIO) -> str:
    file.seek(0)
    digest = hashlib.sha256()
    while chunk := file.read(HASH_CHUNK):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def _raw(upload: UploadedFile) -> BinaryIO:
    return getattr(upload, "file", upload)  # type: ignore[return-value]


def _refuse(
    parent: models.Model,
    attachment: Attachment | None,
    reason: str,
    *,
    by: User | None,
    name: str,
) -> None:
    security_log.warning(
        "attachment refused: parent=%s:%s name=%r by=%s attachment=%s reason=%r",
        parent._meta.label,
        parent.pk,
        name,
        getattr(by, "pk", None),
        getattr(attachment, "pk", None),
        reason,
    )
    attachment_refused.send(
        sender=Attachment, attachment=attachment, parent=parent, reason=reason, by=by
    )


def _reject_upload(
    parent: models.Model, reason: str, *, by: User, name: str
) -> Refused:
    _refuse(parent, None, reason, by=by, name=name)
    return Refused(reason, code="file_rejected")


def attach_file(
    parent: models.Model,
    upload: UploadedFile,
    *,
    by: User,
    now: datetime | None = None,
) -> Attachment:
    """Check, store under a UUID name in quarantine, scan, and record `upload`.

    Raises NotAllowed if `by` may not add files to `parent`, and
    Refused(code="file_rejected") when the type or size refuses the file, in
    which case nothing is stored. Otherwise returns the attachment: clean,
    blocked (`is_blocked`, with `reason`) or waiting for a scan.
    """
    if not parents.can_attach(by, parent):
        raise NotAllowed()
    now = now or timezone.now()
    name = clean_name(upload.name)
    raw = _raw(upload)
    try:
        ftype = filetypes.identify(raw, name)
    except TypeRefused as exc:
        malware = run_pipeline(
            raw,
            name=name,
            ftype=filetypes.UNKNOWN,
            now=now,
            scanners=signature_scanners(now=now),
        )
        if malware.outcome is not Outcome.INFECTED:
            raise _reject_upload(parent, exc.reason, by=by, name=name) from exc
        # Malware under a false name: recorded for audit, its bytes never stored.
        with transaction.atomic():
            attachment = _create(parent, upload, name, filetypes.UNKNOWN, "", by, now)
            _apply(attachment, malware, now=now)
        _refuse(parent, attachment, attachment.reason, by=by, name=name)
        return attachment
    if upload.size is None or upload.size > settings.ATTACHMENT_MAX_BYTES:
        reason = _("The file is larger than the limit of %(limit)s.") % {
            "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)
        }
        raise _reject_upload(parent, reason, by=by, name=name)
    stored = ""
    try:
        stored = default_storage.save(new_stored_name(), upload)
        result = run_pipeline(raw, name=name, ftype=ftype, now=now)
        with transaction.atomic():
            attachment = _create(parent, upload, name, ftype, stored, by, now)
            _apply(attachment, result, now=now)
    except BaseException:
        # An upload completes whole or leaves nothing (SECURITY.md 51).
        if stored:
            default_storage.delete(stored)
        raise
    if attachment.is_blocked:
        _refuse(parent, attachment, attachment.reason, by=by, name=name)
    return attachment


def _create(
    parent: models.Model,
    upload: UploadedFile,
    name: str,
    ftype: filetypes.FileType,
    stored: str,
    by: User,
    now: datetime,
) -> Attachment:
    return Attachment.objects.create(
        content_type=ContentType.objects.get_for_model(parent),
        object_id=parent.pk,
        original_name=name,
        stored_name=stored,
        size=upload.size or 0,
        sha256=sha256_of(_raw(upload)),
        content_type_detected=ftype.mime,
        uploaded_by=by,
        uploaded_at=now,
    )


def _apply(attachment: Attachment, result: ScanResult, *, now: datetime) -> None:
    """Record a scan result; bytes of refused files are deleted, never served."""
    report = dict(result.report)
    if result.outcome is Outcome.SECRET:
        report["refused"] = "state_secret"
        # Who, when, which file and its hash; never its content (Law 117/2025).
        log_security_event(
            "suspected_state_secret",
            result="refused_and_deleted",
            account=attachment.uploaded_by.get_username(),
            target=f"attachment:{attachment.pk} name={attachment.original_name} "
            f"sha256={attachment.sha256}",
        )
    attachment.status = STATUS_FOR[result.outcome]
    attachment.reason = result.reason
    attachment.scanner_report = report
    attachment.scanned_at = now
    fields = ["status", "reason", "scanner_report", "scanned_at"]
    if attachment.status in (S.INFECTED, S.REJECTED) and attachment.stored_name:
        default_storage.delete(attachment.stored_name)
        attachment.stored_name = ""
        fields.append("stored_name")
    attachment.save(update_fields=fields)


@contextmanager
def _stored_copy(stored_name: str) -> Iterator[BinaryIO]:
    """The stored bytes as a seekable local file, whatever the storage backend."""
    with (
        default_storage.open(stored_name, "rb") as source,
        tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as spool,
    ):
        shutil.copyfileobj(source, spool, HASH_CHUNK)
        spool.seek(0)
        yield spool  # type: ignore[misc]


def rescan(attachment: Attachment, *, now: datetime) -> Attachment:
    """Scan a quarantined file again; release it when clean (rescan_quarantined)."""
    if not attachment.stored_name or attachment.is_held:
        return attachment
    before = attachment.status
    try:
        with _stored_copy(attachment.stored_name) as file:
            if sha256_of(file) != attachment.sha256:
                _hold_changed(attachment, now=now)
                return attachment
            try:
                ftype = filetypes.identify(file, attachment.original_name)
            except TypeRefused as exc:
                result = ScanResult(Outcome.REJECTED, exc.reason, {})
            else:
                result = run_pipeline(
                    file, name=attachment.original_name, ftype=ftype, now=now
                )
    except FileNotFoundError:
        _hold_changed(attachment, now=now)
        return attachment
    with transaction.atomic():
        # Another worker may have scanned it meanwhile: only move from `before`.
        locked = Attachment.objects.select_for_update().get(pk=attachment.pk)
        if locked.status != before:
            return locked
        _apply(locked, result, now=now)
    if locked.is_blocked:
        _refuse(
            locked.parent, locked, locked.reason, by=None, name=locked.original_name
        )
    return locked


def rescan_waiting(*, now: datetime) -> dict[str, int]:
    """Re-scan every file waiting in quarantine; counts by resulting status."""
    counts: dict[str, int] = {}
    for attachment in Attachment.objects.waiting().iterator():
        status = rescan(attachment, now=now).status
        counts[status] = counts.get(status, 0) + 1
    return counts


def _hold_changed(attachment: Attachment, *, now: datetime) -> None:
    security_log.error(
        "attachment integrity failure: id=%s stored=%s expected sha256=%s",
        attachment.pk,
        attachment.stored_name,
        attachment.sha256,
    )
    report = {**attachment.scanner_report, "hold": "integrity"}
    attachment.status = S.QUARANTINED
    attachment.reason = _(
        "The stored file no longer matches the file that was uploaded "
        "(integrity check failed). It is withheld until an administrator "
        "restores it."
    )
    attachment.scanner_report = report
    attachment.scanned_at = now
    attachment.save(update_fields=["status", "reason", "scanner_report", "scanned_at"])


def verify_integrity(attachment: Attachment, *, now: datetime) -> bool:
    """True if the stored bytes still hash to the SHA-256 taken at upload."""
    try:
        with default_storage.open(attachment.stored_name, "rb") as file:
            intact = sha256_of(file) == attachment.sha256
    except FileNotFoundError:
        intact = False
    if not intact:
        _hold_changed(attachment, now=now)
    return intact


def orphan_files(*, older_than: datetime | None = None) -> list[str]:
    """Stored files that no attachment row names, optionally only old ones.

    An upload writes its file first and its row after, in the request's
    transaction: a process killed in between, or a request rolled back after
    the upload, leaves a file and never a row without one. `older_than` keeps
    uploads still in flight out of the list.
    """
    try:
        buckets, _files = default_storage.listdir(STORAGE_PREFIX)
    except FileNotFoundError:
        return []
    # Rows are read after the listing, so a row committed meanwhile still counts.
    found = []
    for bucket in buckets:
        _dirs, files = default_storage.listdir(f"{STORAGE_PREFIX}/{bucket}")
        found.extend(f"{STORAGE_PREFIX}/{bucket}/{name}" for name in files)
    known = set(
        Attachment.objects.filter(stored_name__in=found).values_list(
            "stored_name", flat=True
        )
    )
    orphans = [name for name in found if name not in known]
    if older_than is not None:
        orphans = [
            name
            for name in orphans
            if default_storage.get_modified_time(name) < older_than
        ]
    return sorted(orphans)


def remove_orphan_files(*, now: datetime) -> list[str]:
    """Delete files with no row once past the grace period; the names removed."""
    grace = timedelta(hours=settings.ORPHAN_FILE_GRACE_HOURS)
    removed = orphan_files(older_than=now - grace)
    for name in removed:
        default_storage.delete(name)
        logger.warning("orphan upload file removed: %s", name)
    return removed


def scanner_warnings(*, now: datetime) -> list[str]:
    """What an admin must know: ClamAV down or stale, files stuck in quarantine."""
    warnings = []
    clamav = cache.get(HEALTH_CACHE_KEY)
    if clamav is None:
        clamav = _clamav_problem(now)
        cache.set(HEALTH_CACHE_KEY, clamav, HEALTH_CACHE_SECONDS)
    if clamav:
        warnings.append(clamav)
    waiting = Attachment.objects.waiting().count()
    if waiting:
        warnings.append(
            _("%(count)d file(s) are waiting in quarantine for a virus scan.")
            % {"count": waiting}
        )
    return warnings


def _clamav_problem(now: datetime) -> str:
    client = ClamdClient.from_settings()
    if client is None:
        return ""
    try:
        version = client.version()
    except ClamdError:
        return unreachable_message()
    max_age = timedelta(days=settings.CLAMAV_MAX_SIGNATURE_AGE_DAYS)
    return signature_problem(version.signatures_date, now, max_age)


def move_attachments(source: models.Model, *, to: models.Model) -> int:
    """Hang every file of `source` on `to`; returns how many moved.

    For a record that becomes another: the files of a message from the
    document system go to the directive the officer confirms from it.
    """
    return Attachment.objects.of(source).update(
        content_type=ContentType.objects.get_for_model(to), object_id=to.pk
    )
