"""Reading edXML messages (edxml.md), and refusing unsafe ones."""

import io
from datetime import date

import pytest
from lxml import etree

from chidao.attachments.tests.samples import pdf_bytes
from chidao.imports import edxml
from chidao.lib.errors import Refused

from .messages import BILLION_LAUGHS, EXTERNAL_ENTITY, File, Message


def parse(raw: bytes) -> edxml.Message:
    return edxml.parse(io.BytesIO(raw))


@pytest.mark.parametrize("prefixed", [True, False])
def test_header_fields_are_read_whatever_the_prefix(prefixed):
    message = parse(Message(prefixed=prefixed).build())

    assert message.number == "245/UBND-KT"
    assert message.promulgated_on == date(2026, 11, 20)
    assert message.type_name == "Công văn"
    assert message.subject.startswith("V/v triển khai quyết toán")
    assert (message.signer_position, message.signer_name) == (
        "PHÓ CHỦ TỊCH",
        "Lê Văn Hòa",
    )
    assert message.sender.code == "000.00.00.H41"
    assert message.receivers[0].code == "000.00.01.H41"
    assert message.due_on == date(2026, 12, 15)
    assert message.priority == "1"
    assert message.document_id == "000.00.00.H41,2026/11/20,245/UBND-KT"
    assert message.business_type == 0
    [attachment] = message.attachments
    assert attachment.name == "245-UBND-KT.docx"
    # Still zipped: unwrapping is the receiver's, through the archive checks.
    assert attachment.data.startswith(b"PK\x03\x04")


def test_missing_optional_fields_are_left_empty():
    message = parse(
        Message(
            omit=frozenset({"SignerInfo", "DueDate", "OtherInfo", "DocumentType"}),
            document_id="",
        ).build()
    )

    assert message.signer_name == ""
    assert message.due_on is None
    assert message.other_info == {}
    assert message.type_name == ""
    # Without a DocumentId, the VPCP form of one stands for it.
    assert message.reference == "000.00.00.H41,2026/11/20,245/UBND-KT"


def test_an_unzipped_attachment_is_read_as_is():
    pdf = pdf_bytes(("Công văn số 245/UBND-KT",))
    message = parse(
        Message(files=[File("245.pdf", pdf, "application/pdf", zipped=False)]).build()
    )
    assert message.attachments[0].data == pdf


def test_revocation_replacement_and_their_targets():
    revoked = parse(
        Message(business=1, business_document_id="abc-123", files=[]).build()
    )
    replaced = parse(Message(business=3, replaced=["old-1"], files=[]).build())

    assert (revoked.business_type, revoked.business_document_id) == (1, "abc-123")
    assert (replaced.business_type, replaced.replaced_ids) == (3, ["old-1"])


@pytest.mark.parametrize("raw", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_dtds_and_entities_are_refused_before_parsing(raw):
    with pytest.raises(Refused) as caught:
        parse(raw)
    assert caught.value.code == "unsafe_xml"


def test_a_message_over_the_limit_is_refused_with_its_size(settings):
    settings.EDXML_MAX_BYTES = 50 * 1024 * 1024
    big = io.BytesIO()
    big.write(b"<edXML>")
    big.seek(60 * 1024 * 1024)
    big.write(b"</edXML>")

    with pytest.raises(edxml.TooLarge) as caught:
        edxml.parse(big)

    assert caught.value.status == 413
    assert "60,0" in caught.value.message or "60.0" in caught.value.message


@pytest.mark.parametrize(
    "raw",
    [b"<html><body>x</body></html>", b"not xml at all", b"<edXML><broken>"],
)
def test_what_is_not_an_edxml_message_is_refused(raw):
    with pytest.raises(Refused) as caught:
        parse(raw)
    assert caught.value.code == "invalid_edxml"


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("MẬT - V/v bảo đảm an ninh", "mat"),
        ("V/v kế hoạch (TỐI MẬT)", "toi_mat"),
        ("Độ mật: Tuyệt mật", "tuyet_mat"),
        ("Mật", "mat"),
        ("V/v bảo vệ bí mật nhà nước", None),
        ("V/V CẤP LẠI MẬT KHẨU HỆ THỐNG", None),
        ("Lưu hành nội bộ", None),
    ],
)
def test_secrecy_marks_of_a_header(text, mark):
    assert edxml.secrecy_mark(text) == mark


def test_a_status_message_is_written_with_the_envelope_of_the_standard():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    raw = edxml.status_message(
        sender_code="000.00.01.H41",
        sender_name="Văn phòng UBND tỉnh",
        responding_to={
            "OrganId": "000.00.00.H41",
            "Code": "245/UBND-KT",
            "PromulgationDate": "2026/11/20",
            "DocumentId": "000.00.00.H41,2026/11/20,245/UBND-KT",
        },
        staff={"Staff": "Phạm Minh Tuấn"},
        code="05",
        description="Đang xử lý",
        at=datetime(2026, 11, 21, 9, 15, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    )

    root = etree.fromstring(raw)
    ns = {"e": edxml.NS}
    assert root.tag == f"{{{edxml.NS}}}edXML"
    head = root.find("e:edXMLEnvelope/e:edXMLHeader/e:MessageHeader", ns)
    assert head.findtext("e:StatusCode", namespaces=ns) == "05"
    assert head.findtext("e:ResponseFor/e:DocumentId", namespaces=ns).endswith(
        "245/UBND-KT"
    )
    assert head.findtext("e:Timestamp", namespaces=ns) == "2026/11/21 09:15:00"
    # Read back by the same reader, it is a status message.
    assert edxml.parse(io.BytesIO(raw)).status_code == "05"


def test_a_dtd_behind_a_long_comment_is_refused_after_parsing():
    padding = b"<!--" + b" " * (edxml.PROLOG_BYTES + 10) + b"-->\n"
    raw = BILLION_LAUGHS.replace(b"<!DOCTYPE", padding + b"<!DOCTYPE", 1)
    with pytest.raises(Refused) as caught:
        parse(raw)
    assert caught.value.code == "unsafe_xml"
