import io

import pytest

from chidao.attachments import filetypes
from chidao.attachments.filetypes import TypeRefused

from . import samples


@pytest.mark.parametrize(
    ("name", "build", "code"),
    [
        ("Báo cáo.pdf", samples.pdf_bytes, "pdf"),
        ("Kế hoạch.docx", samples.docx_bytes, "docx"),
        ("Kế hoạch.doc", samples.docx_bytes, "docx"),
        ("Số liệu.xlsx", samples.xlsx_bytes, "xlsx"),
        ("ảnh.png", samples.png_bytes, "png"),
        ("ảnh.JPG", samples.jpg_bytes, "jpg"),
        ("hồ sơ.zip", lambda: samples.zip_bytes({"a.pdf": samples.pdf_bytes()}), "zip"),
    ],
)
def test_line_36_allowed_types_are_recognised_by_content(name, build, code):
    assert filetypes.identify(io.BytesIO(build()), name).code == code


def test_opendocument_text_is_recognised_by_its_mimetype_member():
    data = samples.zip_bytes(
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}
    )
    assert filetypes.identify(io.BytesIO(data), "văn bản.odt").code == "odt"


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("hóa đơn.pdf", samples.exe_bytes(), "Windows program"),
        ("setup.exe", samples.exe_bytes(), "Windows program"),
        ("trang.html", samples.HTML, "web page"),
        ("logo.svg", samples.SVG, "web page or SVG"),
        ("ghi chú.txt", b"just some text", "unknown"),
    ],
)
def test_line_36_other_content_is_refused_whatever_its_name(name, data, says):
    with pytest.raises(TypeRefused) as refused:
        filetypes.identify(io.BytesIO(data), name)
    assert says in refused.value.reason
    assert "Accepted files: PDF" in refused.value.reason


def test_line_36_a_name_that_claims_another_type_is_refused():
    # A PDF saved as .html would open in a browser as a page.
    with pytest.raises(TypeRefused, match="ends in “.html” but its content is PDF"):
        filetypes.identify(io.BytesIO(samples.pdf_bytes()), "x.html")


def test_powerpoint_is_not_an_allowed_office_type():
    data = samples.zip_bytes(
        {"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}
    )
    with pytest.raises(TypeRefused, match="PowerPoint"):
        filetypes.identify(io.BytesIO(data), "slides.pptx")


def test_a_damaged_zip_is_refused():
    with pytest.raises(TypeRefused, match="damaged"):
        filetypes.identify(io.BytesIO(b"PK\x03\x04" + b"\x00" * 40), "a.zip")


def test_a_zip_declaring_too_many_entries_is_refused_before_parsing(settings):
    settings.ZIP_MAX_ENTRIES = 5
    data = samples.zip_bytes({f"{n}.png": samples.png_bytes() for n in range(6)})
    with pytest.raises(TypeRefused, match="more than 5 files"):
        filetypes.identify(io.BytesIO(data), "a.zip")


def test_a_huge_central_directory_is_refused(settings):
    settings.ZIP_MAX_ENTRIES = 1
    long_name = "thư mục/" * 400 + "a.png"  # a 4 KB path for one entry
    data = samples.zip_bytes({long_name: samples.png_bytes()})
    with pytest.raises(TypeRefused, match="more than 1 files"):
        filetypes.identify(io.BytesIO(data), "a.zip")
