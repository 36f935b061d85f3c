"""edXML messages (QCVN 102:2016/BTTTT, amended 2022), read and written with lxml.

What the format is known to be is in `../shared/edxml.md`. A message is read
by namespace and local name, never by prefix (senders write `edXML:` or no
prefix at all) and in any child order. It is refused before parsing when it
is too large, and refused outright when it carries a DTD: no entity is ever
resolved and nothing is fetched from the network, so XXE and "billion laughs"
cannot work. Attachments are decoded to bytes and handed on as they are;
unwrapping the zip the official library puts around each file is the
receiver's business (see `inbound`), through the attachments' archive checks.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from lxml import etree

from chidao.lib.errors import Refused
from chidao.lib.text import fold

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
E = f"{{{NS}}}"
# A DTD comes before the root element: looked for at the start of the file
# (raw "<!" can only begin markup), and checked again after parsing.
PROLOG_BYTES = 64 * 1024
_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_DATE = re.compile(r"^(\d{4})[/-](\d{1,2})[/-](\d{1,2})")
# mã định danh: four groups, level 1 on the right (edxml.md §6).
AGENCY_CODE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")
# Secrecy marks (Art. 5.2): a capitalised word standing alone, or "Độ mật: …".
_MARK = re.compile(
    r"(?<![\wÀ-ỹ])(TUYỆT\s+MẬT|TỐI\s+MẬT|MẬT)(?![\wÀ-ỹ])"
    r"(?!\s+(?:KHẨU|MÃ|THƯ|ĐỘ|THIẾT|ONG|TÁM))"
)
_MARK_LABEL = re.compile(r"độ\s+mật\s*[:\-–]?\s*(tuyệt\s+mật|tối\s+mật|mật)", re.I)
_MARK_CODES = {"mat": "mat", "toi mat": "toi_mat", "tuyet mat": "tuyet_mat"}


class TooLarge(Refused):
    status = 413
    code = "too_large"


def _refused(message: str) -> Refused:
    return Refused(message, code="invalid_edxml")


@dataclass
class Organ:
    code: str = ""
    name: str = ""
    address: str = ""


@dataclass
class Attachment:
    content_id: str
    name: str
    content_type: str
    description: str
    data: bytes = field(repr=False)


@dataclass
class Message:
    """A document message or a status message, as far as ChiDao uses it."""

    sender: Organ
    receivers: list[Organ]
    code_number: str = ""
    code_notation: str = ""
    promulgated_on: date | None = None
    place: str = ""
    type_code: str = ""
    type_detail: str = ""
    type_name: str = ""
    subject: str = ""
    content: str = ""
    signer_competence: str = ""
    signer_position: str = ""
    signer_name: str = ""
    due_on: date | None = None
    priority: str = ""
    other_info: dict[str, str] = field(default_factory=dict)
    steering_type: str = ""
    document_id: str = ""
    business_type: int = 0
    business_reason: str = ""
    business_document_id: str = ""
    replaced_ids: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    status_code: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def number(self) -> str:
        """ "Số, ký hiệu": CodeNumber/CodeNotation (edxml.md §3)."""
        if self.code_number and self.code_notation:
            return f"{self.code_number}/{self.code_notation}"
        return self.code_number or self.code_notation

    @property
    def is_status(self) -> bool:
        return bool(self.status_code)

    @property
    def reference(self) -> str:
        """The DocumentId, or the VPCP form of it when the sender left it out."""
        if self.document_id:
            return self.document_id
        day = self.promulgated_on.strftime("%Y/%m/%d") if self.promulgated_on else ""
        return f"{self.sender.code},{day},{self.number}"

    def header_json(self) -> dict[str, Any]:
        """What the review page shows and prefills, kept with the message."""
        return {
            "number": self.number,
            "issued_on": self.promulgated_on.isoformat()
            if self.promulgated_on
            else None,
            "place": self.place,
            "type_code": self.type_code,
            "type_detail": self.type_detail,
            "type_name": self.type_name,
            "subject": self.subject,
            "content": self.content,
            "signer_competence": self.signer_competence,
            "signer_position": self.signer_position,
            "signer_name": self.signer_name,
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "priority": self.priority,
            "steering_type": self.steering_type,
            "sender": {"code": self.sender.code, "name": self.sender.name},
            "receivers": [{"code": r.code, "name": r.name} for r in self.receivers],
            "business_reason": self.business_reason,
            "business_document_id": self.business_document_id,
            "replaced_ids": self.replaced_ids,
            "other_info": self.other_info,
            "attachments": [
                {"name": a.name, "content_type": a.content_type, "size": len(a.data)}
                for a in self.attachments
            ],
        }


# -- reading ---------------------------------------------------------------------


def _local(el: Any) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _ours(el: Any) -> bool:
    """In the edXML namespace (or in none: some senders drop it)."""
    return isinstance(el.tag, str) and etree.QName(el).namespace in (NS, None)


def _children(el: Any, name: str) -> list[Any]:
    if el is None:
        return []
    return [c for c in el if _ours(c) and _local(c) == name]


def _child(el: Any, *path: str) -> Any:
    for name in path:
        found = _children(el, name)
        if not found:
            return None
        el = found[0]
    return el


def _text(el: Any, *path: str) -> str:
    found = _child(el, *path) if path else el
    if found is None:
        return ""
    return re.sub(r"\s+", " ", "".join(found.itertext())).strip()


def _day(text: str) -> date | None:
    m = _DATE.match(text.strip())
    if not m:
        return None
    try:
        return date(*(int(g) for g in m.groups()))
    except ValueError:
        return None


def _organ(el: Any) -> Organ:
    return Organ(
        code=_text(el, "OrganId"),
        name=_text(el, "OrganName"),
        address=_text(el, "OrganAdd"),
    )


def _content_id(text: str) -> str:
    text = text.strip()
    return text[4:] if text.lower().startswith("cid:") else text


def _decode(text: str, name: str) -> bytes:
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise _refused(
            _("The attached file “%(name)s” is not valid base64.") % {"name": name}
        ) from exc


def _attachments(root: Any, body: Any) -> list[Attachment]:
    manifest: dict[str, dict[str, str]] = {}
    for ref in _children(_child(body, "edXMLManifest"), "Reference"):
        manifest[_content_id(_text(ref, "ContentId"))] = {
            "name": _text(ref, "AttachmentName"),
            "type": _text(ref, "ContentType"),
            "description": _text(ref, "Description"),
        }
    found = []
    for number, item in enumerate(
        _children(_child(root, "AttachmentEncoded"), "Attachment"), start=1
    ):
        content_id = _content_id(_text(item, "ContentId"))
        listed = manifest.get(content_id, {})
        name = (
            listed.get("name")
            or _text(item, "AttachmentName")
            or _("attachment-%(n)d") % {"n": number}
        )
        payload = _child(item, "ContentTransferEncoded")
        if payload is None:
            continue
        found.append(
            Attachment(
                content_id=content_id,
                name=name,
                # The manifest names the real type; Attachment/ContentType often
                # says application/zip for the wrapper. Neither is trusted.
                content_type=listed.get("type") or _text(item, "ContentType"),
                description=listed.get("description") or _text(item, "Description"),
                data=_decode(payload.text or "", name),
            )
        )
    return found


def _parser() -> etree.XMLParser:
    # huge_tree: one base64 attachment may exceed libxml2's 10 MB text limit;
    # the size is bounded before parsing and no entity is ever expanded.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
    )


def max_bytes() -> int:
    return int(settings.EDXML_MAX_BYTES)


def parse(file: IO[bytes]) -> Message:
    """Read an edXML message; Refused (or TooLarge) when it is not a safe one."""
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(0)
    if size > max_bytes():
        raise TooLarge(
            _(
                "The message is %(size)s; edXML messages larger than %(limit)s are "
                "not accepted. Ask the sender to split the attachments."
            )
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes())}
        )
    if size == 0:
        raise _refused(_("The file is empty."))
    prolog = file.read(PROLOG_BYTES)
    file.seek(0)
    if _DTD.search(prolog):
        raise Refused(
            _(
                "The message declares a DTD or entities, which edXML never needs; "
                "it is refused for safety."
            ),
            code="unsafe_xml",
        )
    try:
        tree = etree.parse(file, _parser())
    except etree.XMLSyntaxError as exc:
        raise _refused(
            _("The file is not well-formed XML (%(error)s).")
            % {"error": str(exc)[:200]}
        ) from exc
    if tree.docinfo.internalDTD is not None or tree.docinfo.doctype:
        raise Refused(
            _("The message declares a DTD, which edXML never needs."),
            code="unsafe_xml",
        )
    return _message(tree.getroot())


def _message(root: Any) -> Message:
    if _local(root) != "edXML" or not _ours(root):
        raise _refused(
            _("This is not an edXML message (its root element is not edXML).")
        )
    envelope = _child(root, "edXMLEnvelope")
    header = _child(envelope, "edXMLHeader")
    head = _child(header, "MessageHeader")
    if head is None:
        raise _refused(_("The edXML message has no MessageHeader."))
    message = Message(
        sender=_organ(_child(head, "From")),
        receivers=[_organ(el) for el in _children(head, "To")],
        status_code=_text(head, "StatusCode"),
    )
    if message.is_status:
        message.document_id = _text(head, "ResponseFor", "DocumentId")
        return message
    code = _child(head, "Code")
    message.code_number = _text(code, "CodeNumber")
    message.code_notation = _text(code, "CodeNotation")
    message.promulgated_on = _day(_text(head, "PromulgationInfo", "PromulgationDate"))
    message.place = _text(head, "PromulgationInfo", "Place")
    message.type_code = _text(head, "DocumentType", "Type")
    message.type_detail = _text(head, "DocumentType", "TypeDetail")
    message.type_name = _text(head, "DocumentType", "TypeName")
    message.subject = _text(head, "Subject")
    message.content = _text(head, "Content")
    message.signer_competence = _text(head, "SignerInfo", "Competence")
    message.signer_position = _text(head, "SignerInfo", "Position")
    message.signer_name = _text(head, "SignerInfo", "FullName")
    message.due_on = _day(_text(head, "DueDate"))
    other = _child(head, "OtherInfo")
    if other is not None:
        message.other_info = {
            _local(c): _text(c) for c in other if _ours(c) and _text(c)
        }
    message.priority = message.other_info.get("Priority", "")
    message.steering_type = _text(head, "SteeringType")
    message.document_id = _text(head, "DocumentId")
    business = _child(header, "TraceHeaderList", "Bussiness")
    kind = _text(business, "BussinessDocType")
    if kind:
        if kind not in ("0", "1", "2", "3"):
            raise _refused(
                _("Unknown BussinessDocType “%(kind)s”.") % {"kind": kind[:20]}
            )
        message.business_type = int(kind)
    message.business_reason = _text(business, "BussinessDocReason")
    message.business_document_id = _text(business, "DocumentId")
    replaced = _children(_child(business, "ReplacementInfoList"), "ReplacementInfo")
    message.replaced_ids = [
        _text(info, "DocumentId") for info in replaced if _text(info, "DocumentId")
    ]
    if message.sender.code and not AGENCY_CODE.match(message.sender.code):
        message.notes.append(
            _("The sender's code %(code)s is not in the NNN.NN.NN.XNN form.")
            % {"code": message.sender.code}
        )
    message.attachments = _attachments(root, _child(envelope, "edXMLBody"))
    return message


def secrecy_mark(text: str) -> str | None:
    """The classification a header text carries (mat, toi_mat, tuyet_mat)."""
    if not text:
        return None
    found = _MARK.search(text) or _MARK_LABEL.search(text)
    if found is None:
        whole = fold(text).strip(" .:-()[]")
        return _MARK_CODES.get(whole)
    return _MARK_CODES[re.sub(r"\s+", " ", fold(found.group(1)))]


def classification_of(message: Message) -> str | None:
    """Art. 5.2: a secrecy mark in the subject, the content or the other info."""
    texts = [message.subject, message.content, *message.other_info.values()]
    for text in texts:
        mark = secrecy_mark(text)
        if mark:
            return mark
    return None


# -- writing ---------------------------------------------------------------------


def _el(parent: Any, name: str, text: str | None = None) -> Any:
    el = etree.SubElement(parent, f"{E}{name}")
    if text is not None:
        el.text = text
    return el


def status_message(
    *,
    sender_code: str,
    sender_name: str,
    responding_to: dict[str, str],
    staff: dict[str, str],
    code: str,
    description: str,
    at: datetime,
) -> bytes:
    """A status message (edxml.md §5): the envelope, a status MessageHeader."""
    root = etree.Element(f"{E}edXML", nsmap={None: NS})
    envelope = etree.SubElement(root, f"{E}edXMLEnvelope", nsmap={"edXML": NS})
    head = _el(_el(envelope, "edXMLHeader"), "MessageHeader")
    sender = _el(head, "From")
    _el(sender, "OrganId", sender_code)
    _el(sender, "OrganName", sender_name)
    response = _el(head, "ResponseFor")
    for name in ("OrganId", "Code", "PromulgationDate", "DocumentId"):
        _el(response, name, responding_to.get(name, ""))
    info = _el(head, "StaffInfo")
    for name in ("Department", "Staff", "Mobile", "Email"):
        _el(info, name, staff.get(name, ""))
    _el(head, "StatusCode", code)
    _el(head, "Description", description)
    _el(head, "Timestamp", at.strftime("%Y/%m/%d %H:%M:%S"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
