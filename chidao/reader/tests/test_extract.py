"""Text from DOCX and PDF uploads; scans and other files are refused clearly."""

import io

import docx
import pytest
from pypdf import PdfWriter

from chidao.lib.errors import Refused
from chidao.reader.extract import extract_text


def make_docx() -> io.BytesIO:
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    document.add_paragraph("Số: 12/UBND-TH")
    document.add_paragraph("1. Giao Sở Tài chính chủ trì\tthực hiện.")
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer


def make_pdf(text: str | None) -> io.BytesIO:
    """A one-page PDF, with a text layer when `text` is given (ASCII)."""
    if text is None:
        writer = PdfWriter()
        writer.add_blank_page(595, 842)
        buffer = io.BytesIO()
        writer.write(buffer)
        buffer.seek(0)
        return buffer
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, xref)
    )
    out.seek(0)
    return out


def test_docx_paragraphs_and_table_cells_in_document_order():
    text = extract_text(make_docx(), "cv.docx")
    assert text.splitlines() == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH LÀO CAI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 12/UBND-TH",
        "1. Giao Sở Tài chính chủ trì\tthực hiện.",
    ]


def test_pdf_text_layer():
    text = extract_text(
        make_pdf("Giao So Tai chinh chu tri ra soat kinh phi va bao cao"), "cv.pdf"
    )
    assert "Giao So Tai chinh" in text


def test_scanned_pdf_is_refused_with_a_clear_message():
    with pytest.raises(Refused) as exc:
        extract_text(make_pdf(None), "scan.pdf")
    assert exc.value.code == "unreadable"
    assert "text layer" in exc.value.message or "lớp chữ" in exc.value.message


@pytest.mark.parametrize(
    ("content", "name"),
    [(b"MZ\x90\x00program", "cv.pdf"), (b"<html><script>x</script></html>", "cv.docx")],
)
def test_other_files_are_refused(content, name):
    with pytest.raises(Refused) as exc:
        extract_text(io.BytesIO(content), name)
    assert exc.value.code == "file_rejected"


def test_plain_text_files_are_read_as_utf8():
    assert (
        extract_text(io.BytesIO("Số: 1/UBND\r\nGiao Sở".encode()), "cv.txt")
        == "Số: 1/UBND\nGiao Sở"
    )


def test_too_large_files_are_refused(settings):
    settings.READER_MAX_BYTES = 10
    with pytest.raises(Refused) as exc:
        extract_text(make_docx(), "cv.docx")
    assert exc.value.code == "file_rejected"
