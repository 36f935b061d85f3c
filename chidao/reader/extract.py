"""The text of an uploaded directive: DOCX, PDF with a text layer, or plain text.

The file is read in memory and never stored. Its type is judged by its bytes
(the attachments app's allow-list), its size and the size of what it unpacks
to are bounded, and a PDF without a text layer (a scan) is refused with a
clear message: there is no OCR here.
"""

from __future__ import annotations

import io
import zipfile
from typing import BinaryIO

from django.conf import settings
from django.utils.translation import gettext as _

from chidao.attachments.filetypes import DOCX, PDF, TypeRefused, detect
from chidao.lib.errors import Refused

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_PAGES = 300
# A directive's document.xml is a few hundred KB; more is a bomb or not a directive.
MAX_XML_BYTES = 50 * 1024 * 1024
# A page of text holds far more than this; less means no text layer.
MIN_CHARS_PER_PAGE = 40


def max_bytes() -> int:
    return int(getattr(settings, "READER_MAX_BYTES", 20 * 1024 * 1024))


def _rejected(message: str) -> Refused:
    return Refused(message, code="file_rejected")


def _unreadable(message: str) -> Refused:
    return Refused(message, code="unreadable")


def extract_text(file: BinaryIO, name: str = "") -> str:
    """The text of a DOCX, PDF or UTF-8 text file; Refused when it cannot be read."""
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(0)
    if size > max_bytes():
        raise _rejected(
            _("The file is too large to read (more than %(mb)d MB).")
            % {"mb": max_bytes() // (1024 * 1024)}
        )
    if size == 0:
        raise _rejected(_("The file is empty."))
    head = file.read(8)
    file.seek(0)
    if name.lower().endswith(".txt") and not head.startswith((b"%PDF", b"PK\x03\x04")):
        return _plain(file)
    try:
        ftype = detect(file)
    except TypeRefused as exc:
        raise _rejected(exc.reason) from exc
    if ftype is PDF:
        return pdf_text(file)
    if ftype is DOCX:
        return docx_text(file)
    raise _rejected(
        _(
            "Only DOCX files, PDF files with a text layer and pasted text can be read. "
            "Save the document as DOCX or PDF and try again."
        )
    )


def _plain(file: BinaryIO) -> str:
    data = file.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _unreadable(_("The text file is not in UTF-8 encoding.")) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _paragraph_text(p) -> str:  # noqa: ANN001 - an lxml element
    parts: list[str] = []
    for el in p.iter():
        if el.tag == f"{W}t" and el.text:
            parts.append(el.text)
        elif el.tag == f"{W}tab":
            parts.append("\t")
        elif el.tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
    return "".join(parts)


def _block_lines(element, out: list[str]) -> None:  # noqa: ANN001
    for child in element.iterchildren():
        if child.tag == f"{W}p":
            out.append(_paragraph_text(child))
        elif child.tag == f"{W}tbl":
            for row in child.iterchildren(f"{W}tr"):
                for cell in row.iterchildren(f"{W}tc"):
                    cell_lines: list[str] = []
                    _block_lines(cell, cell_lines)
                    if any(line.strip() for line in cell_lines):
                        out.extend(cell_lines)
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                _block_lines(content, out)


def docx_text(file: BinaryIO) -> str:
    """Body paragraphs and table cells in document order (README conventions)."""
    import docx

    try:
        with zipfile.ZipFile(file) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_XML_BYTES:
                raise _rejected(_("The Word document is too large to read."))
        file.seek(0)
        document = docx.Document(file)
    except Refused:
        raise
    except Exception as exc:  # noqa: BLE001 - any parser failure means unreadable
        raise _unreadable(
            _("The Word document is damaged and cannot be read.")
        ) from exc
    lines: list[str] = []
    _block_lines(document.element.body, lines)
    text = "\n".join(line.rstrip() for line in lines)
    if not text.strip():
        raise _unreadable(_("The Word document contains no text."))
    return text


def pdf_text(file: BinaryIO) -> str:
    """The text layer of a PDF; a scan without one is refused."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(file)
        if reader.is_encrypted and not reader.decrypt(""):
            raise _unreadable(
                _(
                    "The PDF file is password-protected. Remove the password and try "
                    "again."
                )
            )
        pages = reader.pages
        if len(pages) > MAX_PAGES:
            raise _rejected(
                _("The PDF file has more than %(count)d pages.") % {"count": MAX_PAGES}
            )
        texts = [(page.extract_text() or "") for page in pages]
    except Refused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise _unreadable(_("The PDF file is damaged and cannot be read.")) from exc
    text = "\n".join(t.rstrip() for t in texts)
    letters = sum(1 for c in text if c.isalpha())
    if letters < MIN_CHARS_PER_PAGE * max(1, min(len(texts), 3)):
        raise _unreadable(
            _(
                "The PDF file has no text layer (it is a scan). Paste the text of the "
                "document, or upload a DOCX file or a PDF file with a text layer."
            )
        )
    return text
