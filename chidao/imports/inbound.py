"""Receiving directives from the document system (QLVB) as edXML messages.

A new document (BussinessDocType 0) waits as an `InboundDocument`, its files
checked and scanned by the attachment pipeline, until the officer confirms it
on the reader's review page: only then is a directive recorded, through
`intake.record_directive` like every other one. A revocation (1) flags the
directive and tells its tracking officers; an update or a replacement (2, 3)
waits as a change the officer applies or dismisses. A classified message is
refused before anything of it is stored (Art. 5.2).
"""

from __future__ import annotations

import hashlib
import io
import logging
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from chidao.accounts.models import User
from chidao.attachments import filetypes
from chidao.attachments import services as attachment_services
from chidao.attachments.archives import ArchiveRefused, Limits, Unpacker
from chidao.directives import services as directive_services
from chidao.directives.models import Directive
from chidao.directives.validation import clean_number, refuse_classified
from chidao.lib.errors import Duplicate, NotAllowed, Refused
from chidao.notifications.services import deliver, written_for

from . import edxml, reading
from .models import InboundDocument

if TYPE_CHECKING:
    from collections.abc import Sequence

log = logging.getLogger(__name__)
security_log = logging.getLogger("chidao.security")

B = InboundDocument.Business
D = InboundDocument.State
ZIP_HEAD = b"PK\x03\x04"
READABLE = (filetypes.DOCX, filetypes.PDF)
REVOKED_TITLE = gettext_noop("Directive %(number)s has been revoked by its issuer.")
CHANGED_TITLE = gettext_noop(
    "The document system sent a change to directive %(number)s: review it."
)


@dataclass
class Receipt:
    document: InboundDocument
    action: str  # received, revoked, change
    directive: Directive | None = None


@dataclass
class File:
    name: str
    data: bytes = field(repr=False)
    text: str = field(default="", repr=False)


def _unwrap(attachment: edxml.Attachment, notes: list[str]) -> File:
    """The file itself: the official library zips each one before base64.

    A ZIP of one file is opened with the attachments' archive limits and its
    file taken, named from AttachmentName; a ZIP of several files is kept as
    an archive (the pipeline checks it); an Office document is left whole.
    """
    data = attachment.data
    if not data.startswith(ZIP_HEAD):
        return File(attachment.name, data)
    try:
        found = filetypes.detect(io.BytesIO(data))
    except filetypes.TypeRefused:
        return File(attachment.name, data)
    if found is not filetypes.ZIP:
        return File(attachment.name, data)
    unpacker = Unpacker(Limits.from_settings())
    try:
        parts = unpacker.parts(io.BytesIO(data), attachment.name, filetypes.ZIP)
        members = [p for p in parts if p.depth == 1]
        if len(members) != 1:
            return File(attachment.name, data)
        inner = members[0]
        inner_name = Path(inner.name.split(" › ")[-1]).name
        name = attachment.name
        if name.lower().endswith(".zip") or "." not in name:
            name = inner_name
        inner.file.seek(0)
        return File(name, inner.file.read())
    except ArchiveRefused as exc:
        notes.append(
            _("“%(name)s” could not be opened: %(reason)s")
            % {"name": attachment.name, "reason": exc.reason}
        )
        return File(attachment.name, data)
    finally:
        unpacker.close()


def _read(file: File, notes: list[str]) -> None:
    """The text of a DOCX or PDF, for the reader and the secrecy check."""
    try:
        ftype = filetypes.detect(io.BytesIO(file.data))
    except filetypes.TypeRefused:
        return
    if ftype not in READABLE:
        return
    try:
        file.text = reading.document_text(io.BytesIO(file.data), file.name)
    except Refused as exc:
        notes.append(
            _("“%(name)s” cannot be read: %(reason)s")
            % {"name": file.name, "reason": exc.message}
        )


def _refuse_classified(message: edxml.Message, files: Sequence[File]) -> None:
    """Art. 5.2: a mark in the header or a stamp on the document's first page."""
    mark = edxml.classification_of(message)
    if mark is None and any(
        f.text and reading.is_stamped_classified(f.text) for f in files
    ):
        mark = Directive.Classification.MAT
    if mark is not None:
        security_log.warning(
            "edxml refused as classified: sender=%s document=%s",
            message.sender.code,
            message.reference,
        )
        refuse_classified(mark)


def _sha256(file: BinaryIO) -> str:
    file.seek(0)
    digest = hashlib.sha256()
    while chunk := file.read(1024 * 1024):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def receive(
    file: BinaryIO,
    *,
    name: str,
    by: User,
    origin: str,
    now: datetime | None = None,
) -> Receipt:
    """Receive one edXML message; nothing of a refused one is kept."""
    if not (by.is_authenticated and by.is_office):
        raise NotAllowed(_("Only the Office receives documents."))
    now = now or timezone.now()
    message = edxml.parse(file)
    if message.is_status:
        raise Refused(
            _(
                "This is a status message (code %(code)s), not a document; "
                "ChiDao receives documents only."
            )
            % {"code": message.status_code},
            code="status_message",
        )
    # Before anything is unpacked or stored (Art. 5.2).
    _refuse_classified(message, [])
    notes = list(message.notes)
    files = [_unwrap(a, notes) for a in message.attachments]
    for f in files:
        _read(f, notes)
    _refuse_classified(message, files)
    sha = _sha256(file)
    if InboundDocument.objects.filter(sha256=sha).exists():
        raise Duplicate(_("This message has already been received."), code="duplicate")
    if message.business_type == B.REVOKE:
        return _revoke(message, sha=sha, name=name, by=by, origin=origin, now=now)
    if message.business_type in (B.UPDATE, B.REPLACE):
        return _change(
            message, files, notes, sha=sha, name=name, by=by, origin=origin, now=now
        )
    return _new(
        message, files, notes, sha=sha, name=name, by=by, origin=origin, now=now
    )


def _record(
    message: edxml.Message,
    *,
    sha: str,
    name: str,
    by: User,
    origin: str,
    now: datetime,
    **fields: Any,
) -> InboundDocument:
    return InboundDocument.objects.create(
        document_id=message.reference[:255],
        sender_code=message.sender.code[:50],
        sender_name=message.sender.name[:255],
        business=message.business_type,
        origin=origin,
        file_name=name[:255],
        sha256=sha,
        header=message.header_json(),
        received_by=by,
        received_at=now,
        **fields,
    )


def _store(document: InboundDocument, files: Sequence[File], *, by: User) -> None:
    """Each file through the pipeline (type, size, scan); a refusal is noted."""
    for f in files:
        try:
            attachment_services.attach_file(
                document, SimpleUploadedFile(f.name, f.data), by=by
            )
        except Refused as exc:
            document.notes.append(
                _("“%(name)s” was not kept: %(reason)s")
                % {"name": f.name, "reason": exc.message}
            )
    document.save(update_fields=["notes"])


def _new(
    message: edxml.Message,
    files: Sequence[File],
    notes: list[str],
    **receipt: Any,
) -> Receipt:
    reference = message.reference
    directive_services.check_new_document_id(reference)
    waiting = (
        InboundDocument.objects.filter(document_id=reference, business=B.NEW)
        .exclude(state=D.DISMISSED)
        .first()
    )
    if waiting is not None:
        raise Duplicate(
            _("This document was already received on %(day)s.")
            % {"day": timezone.localtime(waiting.received_at).strftime("%d/%m/%Y")},
            code="duplicate",
        )
    main = next((f for f in files if f.text), None)
    with transaction.atomic():
        document = _record(
            message, source_text=main.text if main else "", notes=notes, **receipt
        )
        _store(document, files, by=receipt["by"])
    return Receipt(document, "received")


def _target(ids: Sequence[str], message: edxml.Message) -> Directive | None:
    """The directive a revocation or change acts on: by DocumentId, else by
    (number, issue date) as edxml.md advises."""
    ids = [i for i in ids if i]
    found = Directive.objects.filter(document_id__in=ids).first() if ids else None
    if found is None and message.number and message.promulgated_on:
        try:
            number = clean_number(message.number)
        except ValidationError:  # an odd number matches nothing
            return None
        found = Directive.objects.filter(
            number=number, issued_on=message.promulgated_on
        ).first()
    return found


def _tell_trackers(directive: Directive, *, title: str, url: str, key: str) -> int:
    """Notify whoever follows the directive: its tasks' officers, else its author.

    `title` is an untranslated message, translated for each recipient.
    """
    ids = set(
        directive.tasks.exclude(tracking_officer=None).values_list(
            "tracking_officer_id", flat=True
        )
    )
    if not ids and directive.created_by_id:
        ids = {directive.created_by_id}
    users = list(User.objects.filter(pk__in=ids, is_active=True))
    number = directive.number
    return deliver(
        written_for(
            users, lambda: (_(title) % {"number": number}, ""), url=url, key=key
        )
    )


def _unknown() -> Refused:
    return Refused(
        _(
            "The document this message acts on has not been received by ChiDao "
            "(no directive has its DocumentId)."
        ),
        code="unknown_document",
    )


def _revoke(message: edxml.Message, **receipt: Any) -> Receipt:
    ids = [message.business_document_id, message.document_id]
    directive = _target(ids, message)
    with transaction.atomic():
        if directive is None:
            waiting = InboundDocument.objects.filter(
                document_id__in=[i for i in ids if i], business=B.NEW, state=D.PENDING
            )
            if not waiting.exists():
                raise _unknown()
            waiting.update(state=D.REVOKED, decided_at=receipt["now"])
            document = _record(message, state=D.APPLIED, **receipt)
            return Receipt(document, "revoked")
        directive_services.set_document_status(
            directive, Directive.DocumentStatus.REVOKED, at=receipt["now"]
        )
        document = _record(message, state=D.APPLIED, directive=directive, **receipt)
        _tell_trackers(
            directive,
            title=REVOKED_TITLE,
            url=directive.get_absolute_url(),
            key=f"edxml-revoked:{document.pk}",
        )
    return Receipt(document, "revoked", directive)


def _change(
    message: edxml.Message,
    files: Sequence[File],
    notes: list[str],
    **receipt: Any,
) -> Receipt:
    ids = [*message.replaced_ids, message.business_document_id, message.document_id]
    directive = _target(ids, message)
    if directive is None:
        raise _unknown()
    status = (
        Directive.DocumentStatus.UPDATED
        if message.business_type == B.UPDATE
        else Directive.DocumentStatus.REPLACED
    )
    main = next((f for f in files if f.text), None)
    with transaction.atomic():
        document = _record(
            message,
            directive=directive,
            source_text=main.text if main else "",
            notes=notes,
            **receipt,
        )
        _store(document, files, by=receipt["by"])
        directive_services.set_document_status(directive, status, at=receipt["now"])
        _tell_trackers(
            directive,
            title=CHANGED_TITLE,
            url=document.get_absolute_url(),
            key=f"edxml-change:{document.pk}",
        )
    return Receipt(document, "change", directive)


# -- the gateway's outbox ----------------------------------------------------------


@dataclass
class FolderResult:
    received: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {
            "received": len(self.received),
            "duplicates": len(self.duplicates),
            "refused": len(self.refused),
        }


def office_user(username: str) -> User:
    """The Office account the folder's messages are received as."""
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None or not user.is_office:
        raise NotAllowed(
            _("“%(name)s” is not an active account of the Office.") % {"name": username}
        )
    return user


def receive_folder(folder: Path, *, username: str) -> FolderResult:
    """Receive every message in `folder`; each goes to done/ or refused/.

    A refused message leaves a .txt with the reason beside where it went; a
    classified one is deleted, not moved: its bytes are not kept (Art. 5.2).
    """
    by = office_user(username)
    result = FolderResult()
    done, refused = folder / "done", folder / "refused"
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.suffix.lower() not in (".edxml", ".xml"):
            continue
        try:
            with transaction.atomic(), path.open("rb") as file:
                receive(
                    file, name=path.name, by=by, origin=InboundDocument.Origin.FOLDER
                )
        except Duplicate:
            result.duplicates.append(path.name)
            _move(path, done)
        except Refused as exc:
            result.refused.append(path.name)
            refused.mkdir(exist_ok=True)
            (refused / f"{path.name}.txt").write_text(exc.message + "\n", "utf-8")
            if exc.code == "classified":
                path.unlink()
            else:
                _move(path, refused)
        else:
            result.received.append(path.name)
            _move(path, done)
    return result


def _move(path: Path, folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    shutil.move(str(path), str(folder / path.name))
