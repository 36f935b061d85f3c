"""Built-in scanners, one file kind at a time (SECURITY.md 39, 41, 42)."""

import io
from datetime import UTC, datetime, timedelta

import pytest

from chidao.attachments import filetypes
from chidao.attachments.scanners import (
    EicarScanner,
    Outcome,
    builtin_scanners,
    run_pipeline,
    signature_problem,
)

from . import samples

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def scan(name: str, data: bytes):  # noqa: ANN201
    file = io.BytesIO(data)
    ftype = filetypes.identify(file, name)
    return run_pipeline(
        file, name=name, ftype=ftype, now=NOW, scanners=builtin_scanners()
    )


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("Báo cáo.pdf", samples.pdf_bytes),
        ("Kế hoạch.docx", samples.docx_bytes),
        ("Số liệu.xlsx", samples.xlsx_bytes),
        ("ảnh.png", samples.png_bytes),
        ("hồ sơ.zip", lambda: samples.zip_bytes({"a.docx": samples.docx_bytes()})),
    ],
)
def test_ordinary_documents_are_clean(name, build):
    result = scan(name, build())
    assert result.outcome is Outcome.CLEAN
    assert [step["scanner"] for step in result.report["scanners"]] == [
        "eicar",
        "macros",
        "pdf",
        "archive",
        "secret",
    ]


def test_line_39_eicar_inside_a_zip_is_infected():
    result = scan("hồ sơ.zip", samples.zip_bytes({"eicar.com": samples.EICAR}))
    assert result.outcome is Outcome.INFECTED
    assert "EICAR" in result.reason
    assert "eicar.com" in result.reason


def test_line_39_eicar_behind_a_pdf_header_is_infected():
    data = b"%PDF-1.4\n" + samples.EICAR + b"\n%%EOF\n"
    assert scan("a.pdf", data).outcome is Outcome.INFECTED


def test_eicar_scanner_finds_the_string_across_chunk_boundaries():
    data = b"\0" * (1024 * 1024 - 10) + samples.EICAR
    subject = type("S", (), {"parts": []})()
    part = type("P", (), {"file": io.BytesIO(data), "name": "x"})()
    subject.parts = [part]
    assert EicarScanner().scan(subject).outcome is Outcome.INFECTED


def test_line_41_a_docx_carrying_a_vba_project_is_blocked():
    data = samples.docx_bytes(extra_parts={"word/vbaProject.bin": b"\0" * 512})
    result = scan("Kế hoạch.docx", data)
    assert result.outcome is Outcome.REJECTED
    assert "macros" in result.reason


def test_line_41_an_xlsx_with_excel_4_macro_sheets_is_blocked():
    data = samples.add_zip_members(
        samples.xlsx_bytes(), {"xl/macrosheets/sheet1.xml": b"<xm:macrosheet/>"}
    )
    assert scan("số liệu.xlsx", data).outcome is Outcome.REJECTED


def test_a_docx_that_loads_a_remote_template_is_blocked():
    rels = (
        b'<Relationships><Relationship Id="rId1" Type="http://schemas.openxml'
        b'formats.org/officeDocument/2006/relationships/attachedTemplate" '
        b'Target="http://evil.example/t.dotm" TargetMode="External"/>'
        b"</Relationships>"
    )
    data = samples.docx_bytes(extra_parts={"word/_rels/settings.xml.rels": rels})
    result = scan("a.docx", data)
    assert result.outcome is Outcome.REJECTED
    assert "external template" in result.reason


def test_a_docx_inside_a_zip_is_checked_for_macros_too():
    macro = samples.docx_bytes(extra_parts={"word/vbaProject.bin": b"\0" * 512})
    result = scan("hồ sơ.zip", samples.zip_bytes({"a.docx": macro}))
    assert result.outcome is Outcome.REJECTED
    assert "hồ sơ.zip › a.docx" in result.reason


def test_opendocument_basic_macros_are_blocked():
    data = samples.zip_bytes(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": b"<x/>",
            "Basic/Standard/Module1.xml": b"<script:module/>",
        }
    )
    assert scan("văn bản.odt", data).outcome is Outcome.REJECTED


def test_line_41_a_pdf_with_an_open_action_javascript_is_blocked():
    result = scan("a.pdf", samples.pdf_bytes(open_action_js="app.alert('x')"))
    assert result.outcome is Outcome.REJECTED
    assert "active content" in result.reason


def test_line_41_a_pdf_with_a_launch_action_is_blocked():
    assert scan("a.pdf", samples.pdf_bytes(launch="cmd.exe")).outcome is (
        Outcome.REJECTED
    )


def test_a_pdf_with_hex_escaped_javascript_names_is_blocked():
    # /J#61vaScript is /JavaScript once the name is decoded.
    data = samples.pdf_bytes(open_action_js="app.alert(1)")
    data = data.replace(b"/JavaScript", b"/J#61vaScript")
    assert scan("a.pdf", data).outcome is Outcome.REJECTED


def test_line_41_a_pdf_the_parser_cannot_read_is_not_clean():
    result = scan("a.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    assert result.outcome is Outcome.REJECTED
    assert "could not be read" in result.reason


def test_pipeline_stops_at_the_first_finding():
    result = scan("a.pdf", b"%PDF-1.4\n" + samples.EICAR)
    assert [step["scanner"] for step in result.report["scanners"]] == ["eicar"]


def test_a_zip_member_of_a_refused_type_is_blocked_with_its_name():
    result = scan("hồ sơ.zip", samples.zip_bytes({"cài đặt.exe": samples.exe_bytes()}))
    assert result.outcome is Outcome.REJECTED
    assert "cài đặt.exe" in result.reason


@pytest.mark.parametrize("mark", ["MẬT", "TỐI MẬT", "TUYỆT MẬT", "  Tối mật  "])
def test_line_42_a_secrecy_stamp_on_the_first_page_of_a_docx_refuses_it(mark):
    data = samples.docx_bytes(("ỦY BAN NHÂN DÂN TỈNH AN GIANG", mark, "Số: 12/QĐ-UBND"))
    result = scan("Quyết định.docx", data)
    assert result.outcome is Outcome.SECRET
    assert "Suspected state secret" in result.reason


def test_line_42_a_secrecy_stamp_on_the_first_page_of_a_pdf_refuses_it():
    data = samples.pdf_bytes(("UBND TỈNH AN GIANG", "TỐI MẬT", "Về việc triển khai"))
    assert scan("a.pdf", data).outcome is Outcome.SECRET


@pytest.mark.parametrize(
    "text",
    [
        "Đề nghị các đơn vị đổi mật khẩu định kỳ",
        "mật khẩu",
        "Bí mật nhà nước không được lưu trên hệ thống",
    ],
)
def test_line_42_secrecy_words_inside_sentences_do_not_trigger(text):
    assert scan("a.docx", samples.docx_bytes((text,))).outcome is Outcome.CLEAN
    assert scan("a.pdf", samples.pdf_bytes((text,))).outcome is Outcome.CLEAN


def test_a_stamp_after_the_first_page_of_a_pdf_does_not_trigger():
    data = samples.pdf_bytes(("Báo cáo",), second_page=("MẬT",))
    assert scan("a.pdf", data).outcome is Outcome.CLEAN


def test_signature_age_within_the_limit_is_fine():
    assert signature_problem(NOW - timedelta(days=6), NOW, timedelta(days=7)) == ""


def test_line_40_signatures_older_than_the_limit_are_a_problem():
    problem = signature_problem(NOW - timedelta(days=8), NOW, timedelta(days=7))
    assert "12/11/2026" in problem
    assert "more than 7 days" in problem


def test_unknown_signature_age_is_a_problem():
    assert "unknown" in signature_problem(None, NOW, timedelta(days=7))
