"""What a file is, judged by its bytes rather than its name (SECURITY.md 36).

Art. 11 allows documents and images only: PDF, Word, Excel, OpenDocument,
JPG, PNG, and ZIP archives of those. Everything else (programs, HTML, SVG,
scripts, PowerPoint, installers) is refused whatever it is called.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import BinaryIO

import filetype
import olefile
from django.conf import settings
from django.utils.translation import gettext as _

HEAD_BYTES = 8192


@dataclass(frozen=True)
class FileType:
    code: str
    mime: str
    extensions: frozenset[str]
    is_zip: bool = False  # a ZIP container whose parts are inspected too
    is_ole: bool = False


def _t(code: str, mime: str, *ext: str, **flags: bool) -> FileType:
    return FileType(code, mime, frozenset(ext), **flags)


DOC_EXT = (".doc", ".docx")  # Word opens either by content; users mix them up
XLS_EXT = (".xls", ".xlsx")
PDF = _t("pdf", "application/pdf", ".pdf")
DOC = _t("doc", "application/msword", *DOC_EXT, is_ole=True)
DOCX = _t(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    *DOC_EXT,
    is_zip=True,
)
XLS = _t("xls", "application/vnd.ms-excel", *XLS_EXT, is_ole=True)
XLSX = _t(
    "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    *XLS_EXT,
    is_zip=True,
)
ODT = _t("odt", "application/vnd.oasis.opendocument.text", ".odt", is_zip=True)
ODS = _t("ods", "application/vnd.oasis.opendocument.spreadsheet", ".ods", is_zip=True)
JPG = _t("jpg", "image/jpeg", ".jpg", ".jpeg")
PNG = _t("png", "image/png", ".png")
ZIP = _t("zip", "application/zip", ".zip", is_zip=True)

# What a refused file is scanned as, to tell whether it is also malware.
UNKNOWN = _t("unknown", "application/octet-stream")

ALLOWED = {t.code: t for t in (PDF, DOC, DOCX, XLS, XLSX, ODT, ODS, JPG, PNG, ZIP)}
# Served with their own type; anything else goes out as application/octet-stream.
SAFE_MIMES = frozenset(t.mime for t in ALLOWED.values())
ODF_MIMES = {ODT.mime: ODT, ODS.mime: ODS}


class TypeRefused(Exception):
    """The content is not an allowed type; `reason` is shown to the user."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def allowed_types_sentence() -> str:
    return _(
        "Accepted files: PDF, Word (DOC, DOCX), Excel (XLS, XLSX), OpenDocument "
        "(ODT, ODS), JPG and PNG images, and ZIP archives of these."
    )


def _not_allowed(head: bytes) -> TypeRefused:
    guess = filetype.guess(head)
    if head.startswith(b"MZ"):
        what = _("a Windows program")
    elif guess is not None:
        what = guess.mime
    elif _looks_like_markup(head):
        what = _("a web page or SVG image")
    else:
        what = _("unknown")
    return TypeRefused(
        _("This type of file is not accepted (its content is %(what)s). %(allowed)s")
        % {"what": what, "allowed": allowed_types_sentence()}
    )


def _looks_like_markup(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<", b"<!doctype", b"<?xml"))


# A generous average for one central-directory entry (46 bytes, a long UTF-8
# path and extra fields): beyond this, the directory alone is an attack.
DIRECTORY_BYTES_PER_ENTRY = 2048


def zip_directory_too_big(file: BinaryIO, max_entries: int) -> bool:
    """Whether the ZIP's end record declares too many entries or too big a
    directory, read before zipfile parses every entry into memory."""
    end = zipfile._EndRecData(file)  # stable since Python 2; no public API
    file.seek(0)
    if end is None:
        return False  # not a readable ZIP: zipfile refuses it next
    entries, size = end[zipfile._ECD_ENTRIES_TOTAL], end[zipfile._ECD_SIZE]
    return entries > max_entries or size > max_entries * DIRECTORY_BYTES_PER_ENTRY


def too_many_entries() -> str:
    return _("The archive holds more than %(count)d files.") % {
        "count": settings.ZIP_MAX_ENTRIES
    }


def _detect_zip(file: BinaryIO) -> FileType:
    if zip_directory_too_big(file, settings.ZIP_MAX_ENTRIES):
        raise TypeRefused(too_many_entries())
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return DOCX
                if "xl/workbook.xml" in names:
                    return XLSX
                raise TypeRefused(
                    _(
                        "This Office file type (for example PowerPoint) is not "
                        "accepted. %(allowed)s"
                    )
                    % {"allowed": allowed_types_sentence()}
                )
            if infos and infos[0].filename == "mimetype" and not infos[0].flag_bits & 1:
                with archive.open(infos[0]) as member:
                    mime = member.read(100).decode("ascii", "replace").strip()
                if mime in ODF_MIMES:
                    return ODF_MIMES[mime]
                raise TypeRefused(
                    _("This OpenDocument type is not accepted. %(allowed)s")
                    % {"allowed": allowed_types_sentence()}
                )
            return ZIP
    except TypeRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise TypeRefused(
            _("The archive or document is damaged and cannot be opened.")
        ) from exc


def _detect_ole(file: BinaryIO) -> FileType:
    try:
        ole = olefile.OleFileIO(file)
    except OSError as exc:
        raise TypeRefused(
            _("The Office document is damaged and cannot be opened.")
        ) from exc
    try:
        if ole.exists("WordDocument"):
            return DOC
        if ole.exists("Workbook") or ole.exists("Book"):
            return XLS
        if ole.exists("EncryptedPackage"):
            raise TypeRefused(
                _(
                    "Password-protected Office files cannot be scanned for "
                    "malware. Remove the password and upload the file again."
                )
            )
        raise TypeRefused(
            _("This Office file type is not accepted. %(allowed)s")
            % {"allowed": allowed_types_sentence()}
        )
    finally:
        ole.close()


def detect(file: BinaryIO) -> FileType:
    """The allowed type of `file`'s content, or TypeRefused; leaves it at 0."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"PK\x03\x04"):
            return _detect_zip(file)
        if head.startswith(olefile.MAGIC):
            return _detect_ole(file)
        guess = filetype.guess(head)
        if guess is not None and guess.mime == JPG.mime:
            return JPG
        if guess is not None and guess.mime == PNG.mime:
            return PNG
        raise _not_allowed(head)
    finally:
        file.seek(0)


def check_name(name: str, found: FileType) -> None:
    """Refuse a name whose extension claims another type than the content.

    A PDF called `x.html` would open as a web page once saved to disk.
    """
    suffix = PurePath(name).suffix.lower()
    if suffix not in found.extensions:
        raise TypeRefused(
            _(
                "The file name ends in “%(suffix)s” but its content is %(kind)s. "
                "Give the file its proper extension and upload it again."
            )
            % {"suffix": suffix or _("(no extension)"), "kind": found.code.upper()}
        )


def identify(file: BinaryIO, name: str) -> FileType:
    """Detect the content type and check that the name agrees with it."""
    found = detect(file)
    check_name(name, found)
    return found
