"""edXML messages built for the tests from ../shared/edxml.md.

The shape follows §2-§4: the root `edXML` in the default namespace, the
envelope with the `edXML:` prefix (or no prefix at all), the header fields in
the 1.1-1.14 order, TraceHeaderList/Bussiness, and each file base64 on one
line under AttachmentEncoded, zipped first as the VPCP library does.
"""

from __future__ import annotations

import base64
import io
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from chidao.attachments.tests.samples import docx_bytes

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
DIRECTIVE_TEXT = (
    "ỦY BAN NHÂN DÂN",
    "TỈNH AN GIANG",
    "Số: 245/UBND-KT",
    "An Giang, ngày 20 tháng 11 năm 2026",
    "V/v triển khai quyết toán vốn đầu tư công năm 2026",
    "Kính gửi:",
    "- Sở Tài chính;",
    "- Sở Nội vụ.",
    "Chủ tịch UBND tỉnh có ý kiến chỉ đạo như sau:",
    "1. Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ tổng hợp tình hình "
    "quyết toán vốn đầu tư công, báo cáo UBND tỉnh trước ngày 15/12/2026.",
    "2. Sở Nội vụ rà soát biên chế các ban quản lý dự án, báo cáo UBND tỉnh "
    "trước ngày 30/12/2026.",
    "Nơi nhận:",
    "- Như trên;",
    "- Lưu: VT.",
)


def directive_docx(lines: tuple[str, ...] = DIRECTIVE_TEXT) -> bytes:
    return docx_bytes(lines)


def vpcp_zip(name: str, data: bytes) -> bytes:
    """What the official library does to each file: one entry, `<uuid>.PDF`."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            f"22e2c55d-9f1a-4c1e-a2b7-0d8a.{name.rsplit('.', 1)[-1]}", data
        )
    return out.getvalue()


@dataclass
class File:
    name: str
    data: bytes
    content_type: str = (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    zipped: bool = True
    content_id: str = "cid:22e2c55d-0001"


@dataclass
class Message:
    number: str = "245"
    notation: str = "UBND-KT"
    promulgated: str = "2026/11/20"
    document_id: str = "000.00.00.H41,2026/11/20,245/UBND-KT"
    sender: str = "000.00.00.H41"
    sender_name: str = "UBND tỉnh An Giang"
    type_name: str = "Công văn"
    subject: str = "V/v triển khai quyết toán vốn đầu tư công năm 2026"
    signer_competence: str = "KT. CHỦ TỊCH"
    signer_position: str = "PHÓ CHỦ TỊCH"
    signer_name: str = "Lê Văn Hòa"
    due: str = "2026/12/15"
    priority: str = "1"
    sphere: str = "Lưu hành nội bộ"
    business: int = 0
    business_document_id: str = ""
    replaced: list[str] = field(default_factory=list)
    files: list[File] = field(
        default_factory=lambda: [File("245-UBND-KT.docx", directive_docx())]
    )
    prefixed: bool = True
    # Optional parts left out (SignerInfo, DueDate, OtherInfo, DocumentType…).
    omit: frozenset[str] = frozenset()
    doctype: str = ""

    def build(self) -> bytes:
        p = "edXML:" if self.prefixed else ""
        xmlns = f' xmlns:edXML="{NS}"' if self.prefixed else ""

        def el(name: str, text: str) -> str:
            return f"<{p}{name}>{escape(text)}</{p}{name}>"

        def organ(tag: str, code: str, name: str) -> str:
            return (
                f"<{p}{tag}>{el('OrganId', code)}"
                f"{el('OrganizationInCharge', name)}{el('OrganName', name)}"
                f"{el('OrganAdd', 'Số 1 Lê Lợi')}{el('Email', 'vanthu@example.vn')}"
                f"</{p}{tag}>"
            )

        head = [
            organ("From", self.sender, self.sender_name),
            organ("To", "000.00.01.H41", "Văn phòng UBND tỉnh"),
            f"<{p}Code>{el('CodeNumber', self.number)}"
            f"{el('CodeNotation', self.notation)}</{p}Code>",
            f"<{p}PromulgationInfo>{el('Place', 'An Giang')}"
            f"{el('PromulgationDate', self.promulgated)}</{p}PromulgationInfo>",
        ]
        if "DocumentType" not in self.omit:
            head.append(
                f"<{p}DocumentType>{el('Type', '1')}{el('TypeDetail', '0')}"
                f"{el('TypeName', self.type_name)}</{p}DocumentType>"
            )
        head += [el("Subject", self.subject), el("Content", self.subject)]
        if "SignerInfo" not in self.omit:
            head.append(
                f"<{p}SignerInfo>{el('Competence', self.signer_competence)}"
                f"{el('Position', self.signer_position)}"
                f"{el('FullName', self.signer_name)}</{p}SignerInfo>"
            )
        if "DueDate" not in self.omit:
            head.append(el("DueDate", self.due))
        head.append(f"<{p}ToPlaces>{el('Place', 'Như trên')}</{p}ToPlaces>")
        if "OtherInfo" not in self.omit:
            head.append(
                f"<{p}OtherInfo>{el('Priority', self.priority)}"
                f"{el('SphereOfPromulgation', self.sphere)}"
                f"{el('TyperNotation', 'NTH')}{el('PromulgationAmount', '5')}"
                f"{el('PageAmount', '1')}{el('Direction', 'false')}</{p}OtherInfo>"
            )
        head.append(f"<{p}ResponseFor/>")
        head.append(el("SteeringType", "1"))
        if self.document_id:
            head.append(el("DocumentId", self.document_id))
        business = [
            el("BussinessDocType", str(self.business)),
            el("BussinessDocReason", "Văn bản điện tử mới"),
        ]
        if self.business_document_id:
            business.append(el("DocumentId", self.business_document_id))
        if self.replaced:
            infos = "".join(
                f"<{p}ReplacementInfo>{el('DocumentId', d)}</{p}ReplacementInfo>"
                for d in self.replaced
            )
            business.append(f"<{p}ReplacementInfoList>{infos}</{p}ReplacementInfoList>")
        business.append(el("Paper", "0"))
        references, encoded = [], []
        for f in self.files:
            payload = vpcp_zip(f.name, f.data) if f.zipped else f.data
            references.append(
                f"<{p}Reference>{el('ContentId', f.content_id)}"
                f"{el('ContentType', f.content_type)}"
                f"{el('AttachmentName', f.name)}</{p}Reference>"
            )
            encoded.append(
                "<Attachment>"
                # The LGSP template drops "cid:" here (edxml.md §4).
                f"<ContentId>{f.content_id.removeprefix('cid:')}</ContentId>"
                f"<AttachmentName>{escape(f.name)}</AttachmentName>"
                "<ContentType>application/zip</ContentType>"
                f"<{p}ContentTransferEncoded{xmlns}>"
                f"{base64.b64encode(payload).decode()}"
                f"</{p}ContentTransferEncoded></Attachment>"
            )
        xml = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"{self.doctype}"
            f'<edXML xmlns="{NS}">'
            f"<{p}edXMLEnvelope{xmlns}><{p}edXMLHeader>"
            f"<{p}MessageHeader>{''.join(head)}</{p}MessageHeader>"
            f"<{p}TraceHeaderList><{p}TraceHeader>{el('OrganId', self.sender)}"
            f"{el('Timestamp', '2026/11/20 15:30:00')}</{p}TraceHeader>"
            f"<{p}Bussiness>{''.join(business)}</{p}Bussiness></{p}TraceHeaderList>"
            f'</{p}edXMLHeader><{p}edXMLBody><{p}edXMLManifest version="1.0">'
            f"{''.join(references)}</{p}edXMLManifest></{p}edXMLBody>"
            f"</{p}edXMLEnvelope>"
            f"<AttachmentEncoded>{''.join(encoded)}</AttachmentEncoded>"
            "</edXML>"
        )
        return xml.encode()


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n'
    "<!DOCTYPE lolz [\n"
    ' <!ENTITY lol "lol">\n'
    ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
    ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n'
    ' <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">\n'
    "]>\n"
    f'<edXML xmlns="{NS}"><edXMLEnvelope><edXMLHeader><MessageHeader>'
    "<Subject>&lol4;</Subject></MessageHeader></edXMLHeader></edXMLEnvelope>"
    "</edXML>"
).encode()

EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n'
    '<!DOCTYPE edXML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    f'<edXML xmlns="{NS}"><edXMLEnvelope><edXMLHeader><MessageHeader>'
    "<Subject>&xxe;</Subject></MessageHeader></edXMLHeader></edXMLEnvelope>"
    "</edXML>"
).encode()
