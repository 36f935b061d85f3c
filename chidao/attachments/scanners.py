"""The scan pipeline (Art. 11): built-in scanners always, then ClamAV.

Each scanner looks at a `Subject` (the upload and every part inside it) and
returns a `Verdict`. The first verdict that is not clean ends the scan. A
parser that fails on a file means the file is not clean (SECURITY.md 41).
"""

from __future__ import annotations

import logging
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cached_property
from typing import BinaryIO, Protocol

import olefile
from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from lxml import etree
from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    PdfObject,
)

from . import filetypes
from .archives import ArchiveRefused, Limits, Part, Unpacker
from .clamav import ClamdClient, ClamdError
from .filetypes import FileType

with warnings.catch_warnings():
    # olevba still uses pyparsing 2 names, deprecated by pyparsing 3.
    warnings.simplefilter("ignore", DeprecationWarning)
    from oletools import crypto
    from oletools.olevba import VBA_Parser

logger = logging.getLogger(__name__)

READ_CHUNK = 1024 * 1024


class Outcome(StrEnum):
    CLEAN = "clean"
    INFECTED = "infected"  # malware, or a test signature standing for it
    REJECTED = "rejected"  # active content, encrypted, bomb, unreadable
    HOLD = "hold"  # kept in quarantine for a person to look at
    SECRET = "state_secret"  # noqa: S105 (suspected state secret: refused, deleted)
    ERROR = "error"  # could not scan now; try again later
    UNSCANNED = "unscanned"  # no virus scanner here (development only)


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    reason: str = ""
    detail: str = ""

    @property
    def is_clean(self) -> bool:
        return self.outcome is Outcome.CLEAN


CLEAN = Verdict(Outcome.CLEAN)


class Subject:
    """The file under scan, with its parts unpacked once, on first use."""

    def __init__(
        self, file: BinaryIO, *, name: str, ftype: FileType, limits: Limits
    ) -> None:
        self.file = file
        self.name = name
        self.type = ftype
        self._unpacker = Unpacker(limits)

    @cached_property
    def parts(self) -> list[Part]:
        return self._unpacker.parts(self.file, self.name, self.type)

    def parts_of(self, *types: FileType) -> Iterator[Part]:
        return (part for part in self.parts if part.type in types)

    def close(self) -> None:
        self._unpacker.close()

    def __enter__(self) -> Subject:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Scanner(Protocol):
    name: str

    def scan(self, subject: Subject) -> Verdict: ...


def _chunks(file: BinaryIO, overlap: int) -> Iterator[bytes]:
    """Read `file` in chunks that overlap, so no pattern falls between two."""
    file.seek(0)
    tail = b""
    while chunk := file.read(READ_CHUNK):
        yield tail + chunk
        tail = (tail + chunk)[-overlap:]
    file.seek(0)


def eicar_signature() -> bytes:
    """The EICAR test string, assembled so this source is not flagged itself."""
    return (
        b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$"
        + b"EICAR-STANDARD-ANTIVIRUS-"
        + b"TEST-FILE!$H+H*"
    )


class EicarScanner:
    """The industry's agreed test signature, in the file or any part of it."""

    name = "eicar"

    def scan(self, subject: Subject) -> Verdict:
        signature = eicar_signature()
        for part in subject.parts:
            if any(signature in chunk for chunk in _chunks(part.file, len(signature))):
                return Verdict(
                    Outcome.INFECTED,
                    _("Malware found: the EICAR test signature (in %(part)s).")
                    % {"part": part.name},
                    "EICAR-Test-Signature",
                )
        return CLEAN


OOXML_ACTIVE_PARTS = (
    ("vbaproject.bin", "VBA"),
    ("vbadata.xml", "VBA"),
    ("/macrosheets/", "XLM"),
    ("/activex/", "ActiveX"),
)
ODF_SCRIPT_DIRS = ("Basic/", "Scripts/")


class MacroScanner:
    """Office documents that carry macros or ActiveX controls (Art. 11)."""

    name = "macros"

    def scan(self, subject: Subject) -> Verdict:
        ft = filetypes
        for part in subject.parts_of(ft.DOC, ft.XLS, ft.DOCX, ft.XLSX, ft.ODT, ft.ODS):
            found = self._active_content(part)
            if found:
                return Verdict(
                    Outcome.REJECTED,
                    _(
                        "The document contains macros or other active content "
                        "(%(what)s, in %(part)s). Save it without macros and "
                        "upload it again."
                    )
                    % {"what": found, "part": part.name},
                    found,
                )
        return CLEAN

    def _active_content(self, part: Part) -> str:
        ftype = part.type or filetypes.ZIP
        if ftype.is_zip:
            found = self._zip_parts(part)
            if found:
                return found
            if ftype in (filetypes.ODT, filetypes.ODS):
                return ""
        data = _read_all(part.file)
        if ftype.is_ole and _ole_encrypted(data):
            raise ArchiveRefused(
                _(
                    "Password-protected Office files cannot be scanned for "
                    "malware. Remove the password and upload the file again."
                )
            )
        parser = VBA_Parser(part.name, data=data)
        try:
            if parser.detect_vba_macros():
                return "VBA"
            if parser.detect_xlm_macros():
                return "XLM"
        finally:
            parser.close()
        return ""

    @staticmethod
    def _zip_parts(part: Part) -> str:
        part.file.seek(0)
        with zipfile.ZipFile(part.file) as archive:
            names = archive.namelist()
            for name in names:
                lowered = "/" + name.lower()
                for marker, what in OOXML_ACTIVE_PARTS:
                    if marker in lowered:
                        return what
                if name.startswith(ODF_SCRIPT_DIRS) and name.count("/") >= 2:
                    return _("OpenDocument macros")
            # A remote template is how macros arrive in a macro-free .docx.
            for name in names:
                if name.endswith(".rels") and _external_template(archive, name):
                    return _("external template")
        return ""


def _ole_encrypted(data: bytes) -> bool:
    with olefile.OleFileIO(data) as ole:
        return bool(crypto.is_encrypted(ole))


def _external_template(archive: zipfile.ZipFile, name: str) -> bool:
    rels = archive.read(name)
    return b"attachedTemplate" in rels and b'TargetMode="External"' in rels


def _read_all(file: BinaryIO) -> bytes:
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


PDF_ACTIVE_KEYS = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/AA",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/RichMedia",
        "/XFA",
    }
)
PDF_ACTIVE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/ImportData",
        "/SubmitForm",
        "/RichMediaExecute",
        "/GoToE",
    }
)
PDF_MAX_OBJECTS = 500_000


class PdfActiveContentScanner:
    """PDFs that run code or carry files: JavaScript, launch actions, attachments."""

    name = "pdf"

    def scan(self, subject: Subject) -> Verdict:
        for part in subject.parts_of(filetypes.PDF):
            found = self._active_content(part)
            if found:
                return Verdict(
                    Outcome.REJECTED,
                    _(
                        "The PDF contains active content (%(what)s, in %(part)s) "
                        "that could run when it is opened."
                    )
                    % {"what": found.lstrip("/"), "part": part.name},
                    found,
                )
        return CLEAN

    def _active_content(self, part: Part) -> str:
        reader = open_pdf(part.file)
        roots: list[PdfObject] = [reader.trailer]
        # Objects no page refers to are walked too: a viewer may still reach them.
        for generation, numbers in reader.xref.items():
            roots.extend(IndirectObject(n, generation, reader) for n in numbers)
        for number, _stream in reader.xref_objStm.items():
            roots.append(IndirectObject(number, 0, reader))
        return _walk_pdf(roots)


def open_pdf(file: BinaryIO) -> PdfReader:
    file.seek(0)
    reader = PdfReader(file, strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        raise ArchiveRefused(
            _(
                "The PDF is password-protected, so it cannot be scanned for "
                "malware. Remove the password and upload it again."
            )
        )
    return reader


def _walk_pdf(roots: list[PdfObject]) -> str:
    seen: set[tuple[int, int]] = set()
    stack = list(roots)
    count = 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        count += 1
        if count > PDF_MAX_OBJECTS:
            raise ArchiveRefused(_("The PDF is too complex to be checked."))
        if isinstance(obj, DictionaryObject):
            for key, value in obj.items():
                if key in PDF_ACTIVE_KEYS:
                    return key
                if key == "/S" and isinstance(value, NameObject):
                    if value in PDF_ACTIVE_ACTIONS:
                        return str(value)
                stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return ""


class ArchiveScanner:
    """Zip bombs, deep nesting, encryption and disallowed types inside archives.

    The limits themselves are enforced by the Unpacker as soon as any scanner
    looks inside; this scanner makes sure that always happens, and refuses
    members of a plain ZIP that are not allowed types.
    """

    name = "archive"

    def scan(self, subject: Subject) -> Verdict:
        for part in subject.parts:
            if part.refused:
                return Verdict(
                    Outcome.REJECTED,
                    _("“%(name)s” inside the archive is refused: %(reason)s")
                    % {"name": part.name, "reason": part.refused},
                    "type",
                )
        return CLEAN


class ClamAVScanner:
    """ClamAV through its daemon; fails closed when it is down or out of date."""

    name = "clamav"

    def __init__(self, client: ClamdClient, *, now: datetime, max_age_days: int):
        self.client = client
        self.now = now
        self.max_age = timedelta(days=max_age_days)

    def scan(self, subject: Subject) -> Verdict:
        try:
            version = self.client.version()
            problem = signature_problem(version.signatures_date, self.now, self.max_age)
            if problem:
                return Verdict(Outcome.ERROR, problem, str(version))
            found = self.client.instream(subject.file)
        except ClamdError as exc:
            logger.warning("ClamAV unavailable: %s", exc)
            return Verdict(Outcome.ERROR, unreachable_message(), str(exc))
        if found is None:
            return Verdict(Outcome.CLEAN, "", str(version))
        if found.startswith("Heuristics.Encrypted"):
            return Verdict(
                Outcome.REJECTED,
                _("The file is encrypted, so it cannot be scanned for malware."),
                found,
            )
        return Verdict(
            Outcome.INFECTED,
            _("Malware found by ClamAV: %(name)s.") % {"name": found},
            found,
        )


def unreachable_message() -> str:
    return _(
        "The virus scanner (ClamAV) cannot be reached. The file waits in "
        "quarantine and will be scanned when the scanner is back."
    )


def signature_problem(
    signatures_date: datetime | None, now: datetime, max_age: timedelta
) -> str:
    """Why ClamAV's signatures cannot be trusted now, or "" when they can."""
    if signatures_date is None:
        return _(
            "The age of ClamAV's signature database is unknown (no daily "
            "database), so files wait in quarantine."
        )
    if now - signatures_date > max_age:
        return _(
            "ClamAV's signatures date from %(date)s, more than %(days)d days ago: "
            "update them from the signature mirror. Files wait in quarantine "
            "until then."
        ) % {
            "date": date_format(signatures_date, "d/m/Y"),
            "days": max_age.days,
        }
    return ""


# SECURITY.md 42: a stand-alone secrecy stamp near the top of the first page.
SECRECY_MARKS = frozenset({"MẬT", "TỐI MẬT", "TUYỆT MẬT"})
FIRST_PAGE_PARAGRAPHS = 60
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ODF_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def _is_secrecy_mark(text: str) -> bool:
    line = " ".join(unicodedata.normalize("NFC", text).split()).upper()
    return line.strip(" .:;-–*()[]\"'“”") in SECRECY_MARKS


class SecretMarkingScanner:
    """Documents stamped MẬT, TỐI MẬT or TUYỆT MẬT (Art. 5.2) are held back.

    Only a line that is the stamp alone counts, so "mật khẩu" in the text
    does not; the file is held in quarantine for the Office to look at.
    """

    name = "secret"

    def scan(self, subject: Subject) -> Verdict:
        ft = filetypes
        for part in subject.parts_of(ft.DOCX, ft.ODT, ft.PDF):
            if part.type is ft.PDF:
                lines = _pdf_first_page_lines(part.file)
            elif part.type is ft.DOCX:
                lines = _docx_first_page_lines(part.file)
            else:
                lines = _odt_first_page_lines(part.file)
            if any(_is_secrecy_mark(line) for line in lines):
                # Law 117/2025, Art. 5.2: a state secret may not stay on a
                # networked server, not even in quarantine.
                return Verdict(
                    Outcome.SECRET,
                    _(
                        "Suspected state secret: the first page of %(part)s is "
                        "stamped with a secrecy level. Classified documents may "
                        "not be stored in this system; the file was refused and "
                        "deleted. Send it through the channel for classified "
                        "documents."
                    )
                    % {"part": part.name},
                    "secrecy-mark",
                )
        return CLEAN


def _pdf_first_page_lines(file: BinaryIO) -> list[str]:
    reader = open_pdf(file)
    if not reader.pages:
        return []
    return reader.pages[0].extract_text().splitlines()


def _docx_first_page_lines(file: BinaryIO) -> list[str]:
    file.seek(0)
    lines: list[str] = []
    with zipfile.ZipFile(file) as archive:
        names = archive.namelist()
        headers = [n for n in names if re.fullmatch(r"word/header\d*\.xml", n)]
        for name in headers:
            with archive.open(name) as stream:
                lines.extend(_docx_paragraphs(stream, stop_at_page_break=False))
        with archive.open("word/document.xml") as stream:
            lines.extend(_docx_paragraphs(stream, stop_at_page_break=True))
    return lines


def _docx_paragraphs(stream: BinaryIO, *, stop_at_page_break: bool) -> list[str]:
    lines: list[str] = []
    for _event, element in etree.iterparse(
        stream, events=("end",), tag=f"{W}p", **_iterparse_options()
    ):
        starts_page = element.find(f"{W}pPr/{W}pageBreakBefore") is not None
        if stop_at_page_break and starts_page and lines:
            break
        lines.append("".join(t.text or "" for t in element.iter(f"{W}t")))
        if stop_at_page_break and (
            len(lines) >= FIRST_PAGE_PARAGRAPHS or _ends_page(element)
        ):
            break
    return lines


def _ends_page(paragraph: etree._Element) -> bool:
    for br in paragraph.iter(f"{W}br"):
        if br.get(f"{W}type") == "page":
            return True
    return (
        paragraph.find(f".//{W}lastRenderedPageBreak") is not None
        or paragraph.find(f"{W}pPr/{W}sectPr") is not None
    )


def _iterparse_options() -> dict[str, bool]:
    return {"resolve_entities": False, "no_network": True, "huge_tree": False}


def _odt_first_page_lines(file: BinaryIO) -> list[str]:
    file.seek(0)
    lines: list[str] = []
    with zipfile.ZipFile(file) as archive, archive.open("content.xml") as stream:
        for _event, element in etree.iterparse(
            stream,
            events=("end",),
            tag=(f"{ODF_TEXT}p", f"{ODF_TEXT}h"),
            **_iterparse_options(),
        ):
            lines.append("".join(element.itertext()))
            if len(lines) >= FIRST_PAGE_PARAGRAPHS:
                break
    return lines


@dataclass
class ScanResult:
    outcome: Outcome
    reason: str
    report: dict = field(default_factory=dict)


class NoVirusScanner:
    """Stands where ClamAV would when none is configured: the file is never
    called clean. In production it waits in quarantine (fail closed); with
    ATTACHMENT_SCANNER_REQUIRED off (development) it is marked "not scanned"."""

    name = "clamav"

    def scan(self, subject: Subject) -> Verdict:
        if settings.ATTACHMENT_SCANNER_REQUIRED:
            return Verdict(
                Outcome.ERROR,
                _(
                    "No virus scanner is configured. The file waits in quarantine "
                    "until an administrator connects ClamAV."
                ),
                "no-scanner",
            )
        return Verdict(
            Outcome.UNSCANNED,
            _(
                "Not scanned for viruses: this installation has no virus scanner "
                "(development mode). Built-in checks found nothing."
            ),
            "no-scanner",
        )


def _clamav_scanner(now: datetime) -> ClamAVScanner | None:
    client = ClamdClient.from_settings()
    if client is None:
        return None
    return ClamAVScanner(
        client, now=now, max_age_days=settings.CLAMAV_MAX_SIGNATURE_AGE_DAYS
    )


def signature_scanners(*, now: datetime) -> list[Scanner]:
    """Malware signatures only: for a file refused by type, to tell if it is
    malware too (SECURITY.md 39: the EICAR file is recorded as infected)."""
    clamav = _clamav_scanner(now)
    return [EicarScanner(), *([clamav] if clamav else [])]


def builtin_scanners() -> list[Scanner]:
    """The app's own checks, the secrecy check last of them."""
    return [
        EicarScanner(),
        MacroScanner(),
        PdfActiveContentScanner(),
        ArchiveScanner(),
        SecretMarkingScanner(),
    ]


def default_scanners(*, now: datetime) -> list[Scanner]:
    """Built-in scanners, the secrecy check, then ClamAV (or its absence).

    The secrecy check runs before ClamAV so that a stamped file is refused
    and deleted at once, not kept while the daemon is down.
    """
    return [*builtin_scanners(), _clamav_scanner(now) or NoVirusScanner()]


def run_pipeline(
    file: BinaryIO,
    *,
    name: str,
    ftype: FileType,
    now: datetime,
    scanners: list[Scanner] | None = None,
) -> ScanResult:
    """Scan `file` with every scanner in turn; stop at the first finding."""
    steps = []
    verdict = CLEAN
    if scanners is None:
        scanners = default_scanners(now=now)
    limits = Limits.from_settings()
    with Subject(file, name=name, ftype=ftype, limits=limits) as subject:
        for scanner in scanners:
            verdict, step_name = _run_one(scanner, subject)
            steps.append(
                {
                    "scanner": step_name,
                    "outcome": str(verdict.outcome),
                    "detail": verdict.detail,
                }
            )
            if not verdict.is_clean:
                break
    return ScanResult(
        verdict.outcome,
        verdict.reason,
        {"scanners": steps, "scanned_at": now.isoformat(), "type": ftype.code},
    )


def _run_one(scanner: Scanner, subject: Subject) -> tuple[Verdict, str]:
    try:
        return scanner.scan(subject), scanner.name
    except ArchiveRefused as exc:
        return Verdict(Outcome.REJECTED, exc.reason, "archive"), scanner.name
    except Exception as exc:  # a parser that fails means the file is not clean
        logger.warning(
            "scanner %s could not read %s", scanner.name, subject.name, exc_info=True
        )
        return (
            Verdict(
                Outcome.REJECTED,
                _(
                    "The file could not be read completely (%(scanner)s check), so "
                    "it cannot be shown to be safe. Check that it opens, save it "
                    "again and upload the new copy."
                )
                % {"scanner": scanner.name},
                f"{type(exc).__name__}: {exc}"[:500],
            ),
            scanner.name,
        )
