"""Files built at test time: real documents, and each kind of bad file."""

from __future__ import annotations

import io
import struct
import zipfile

import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import Workbook
from pikepdf import Dictionary, Name

from chidao.attachments.scanners import eicar_signature

EICAR = eicar_signature()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _to_unicode_cmap(codes: dict[str, int]) -> bytes:
    entries = [f"<{code:02X}> <{ord(ch):04X}>" for ch, code in codes.items()]
    blocks = []
    for start in range(0, len(entries), 100):
        chunk = entries[start : start + 100]
        blocks.append(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar")
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
        + "\n".join(blocks)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode()


def pdf_bytes(
    lines: tuple[str, ...] = ("Báo cáo kết quả thực hiện nhiệm vụ",),
    *,
    second_page: tuple[str, ...] = (),
    open_action_js: str = "",
    launch: str = "",
    title: str = "",
) -> bytes:
    """A real PDF whose text (Vietnamese included) pypdf can extract."""
    pdf = pikepdf.new()
    chars = sorted(set("".join(lines + second_page)))
    codes = {ch: i + 1 for i, ch in enumerate(chars)}
    font = pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.Type1,
            BaseFont=Name.Helvetica,
            ToUnicode=pdf.make_stream(_to_unicode_cmap(codes)),
        )
    )
    for page_lines in (lines, second_page):
        if not page_lines and page_lines is second_page:
            continue
        shown = " ".join(
            "<" + "".join(f"{codes[ch]:02X}" for ch in line) + "> Tj T*"
            for line in page_lines
        )
        content = f"BT /F1 14 Tf 72 760 Td 18 TL {shown} ET".encode()
        pdf.pages.append(
            pikepdf.Page(
                Dictionary(
                    Type=Name.Page,
                    MediaBox=[0, 0, 595, 842],
                    Resources=Dictionary(Font=Dictionary(F1=font)),
                    Contents=pdf.make_stream(content),
                )
            )
        )
    if open_action_js:
        pdf.Root.OpenAction = pdf.make_indirect(
            Dictionary(S=Name.JavaScript, JS=pikepdf.String(open_action_js))
        )
    if launch:
        pdf.Root.OpenAction = pdf.make_indirect(
            Dictionary(S=Name.Launch, F=pikepdf.String(launch))
        )
    if title:
        pdf.docinfo["/Title"] = pikepdf.String(title)
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def docx_bytes(
    paragraphs: tuple[str, ...] = ("Kế hoạch triển khai nhiệm vụ năm 2026",),
    *,
    extra_parts: dict[str, bytes] | None = None,
) -> bytes:
    """A real DOCX from python-docx, optionally with extra parts (a macro)."""
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    if not extra_parts:
        return out.getvalue()
    return add_zip_members(out.getvalue(), extra_parts)


def add_zip_members(data: bytes, members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info))
        for name, content in members.items():
            target.writestr(name, content)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    book = Workbook()
    book.active["A1"] = "Tổng hợp tiến độ"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bytes(
    members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED
) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def encrypted_zip_bytes(members: dict[str, bytes]) -> bytes:
    """A ZIP whose entries carry the "encrypted" flag (general purpose bit 0)."""
    data = bytearray(zip_bytes(members, compression=zipfile.ZIP_STORED))
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (found := data.find(signature, start)) != -1:
            (flags,) = struct.unpack_from("<H", data, found + flag_offset)
            struct.pack_into("<H", data, found + flag_offset, flags | 0x1)
            start = found + 4
    return bytes(data)


def exe_bytes() -> bytes:
    """The start of a Windows PE program."""
    dos = bytearray(128)
    dos[0:2] = b"MZ"
    struct.pack_into("<I", dos, 0x3C, 0x80)
    return bytes(dos) + b"PE\x00\x00" + b"\x4c\x01" + bytes(200)


def png_bytes() -> bytes:
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def jpg_bytes() -> bytes:
    return (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + (b"\x00" * 64)
        + b"\xff\xd9"
    )


HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(1)</script></svg>"
)
