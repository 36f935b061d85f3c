"""Receiving documents from the document system: new, duplicate, revoked,
changed, classified; confirming one as a directive with its files."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from chidao.attachments.models import Attachment
from chidao.attachments.tests.samples import docx_bytes, pdf_bytes
from chidao.directives.models import Directive
from chidao.imports import decisions, inbound
from chidao.imports.models import InboundDocument
from chidao.lib.errors import Duplicate, Refused
from chidao.notifications.models import Notification
from chidao.tasks.tests.factories import DirectiveFactory, TaskFactory

from .messages import File, Message

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 25, 9, tzinfo=TZ)
UPLOAD = InboundDocument.Origin.UPLOAD


@pytest.fixture(autouse=True)
def frozen(db, settings, tmp_path):
    settings.CLAMAV_SOCKET = ""
    settings.CLAMAV_TCP = ""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    with time_machine.travel(NOW, tick=False):
        yield


def receive(raw: bytes, user, name: str = "245.edxml"):
    return inbound.receive(io.BytesIO(raw), name=name, by=user, origin=UPLOAD)


def test_a_new_document_waits_for_review_with_its_unzipped_file(
    province, vp_chuyenvien
):
    receipt = receive(Message().build(), vp_chuyenvien)

    document = receipt.document
    assert receipt.action == "received"
    assert document.state == InboundDocument.State.PENDING
    assert document.sender_code == "000.00.00.H41"
    assert "Giao Sở Tài chính chủ trì" in document.source_text
    [file] = Attachment.objects.of(document)
    # The VPCP zip was opened; the file inside is stored under its own name.
    assert file.original_name == "245-UBND-KT.docx"
    assert file.content_type_detected.endswith("wordprocessingml.document")
    assert not Directive.objects.exists()
    values = decisions.directive_values(document)
    assert values["kind"] == Directive.Kind.CONG_VAN
    assert values["number"] == "245/UBND-KT"
    assert values["issued_on"] == date(2026, 11, 20)
    assert values["signer"] == "Phó Chủ tịch Lê Văn Hòa"


def test_a_pdf_sent_unzipped_is_stored_as_it_came(province, vp_chuyenvien):
    pdf = pdf_bytes(("Công văn số 245/UBND-KT về quyết toán",))
    receipt = receive(
        Message(files=[File("245.pdf", pdf, "application/pdf", zipped=False)]).build(),
        vp_chuyenvien,
    )
    [file] = Attachment.objects.of(receipt.document)
    assert file.original_name == "245.pdf"
    assert file.size == len(pdf)


def test_the_same_document_twice_is_a_duplicate(province, vp_chuyenvien):
    receive(Message().build(), vp_chuyenvien)
    with pytest.raises(Duplicate):
        receive(Message().build(), vp_chuyenvien)
    # Sent again with other bytes (another hop), the DocumentId still tells.
    with pytest.raises(Duplicate):
        receive(Message(subject="V/v triển khai (gửi lại)").build(), vp_chuyenvien)
    assert InboundDocument.objects.count() == 1


def test_confirming_records_the_directive_with_reference_and_files(
    province, vp_chuyenvien
):
    document = receive(Message().build(), vp_chuyenvien).document
    values = decisions.directive_values(document)

    directive = decisions.confirm(
        document,
        values={k: v for k, v in values.items() if k != "directing_leader"},
        tasks=[
            {
                "content": "Tổng hợp tình hình quyết toán",
                "lead_agency": province["stc"],
                "kind": "deadline_report",
                "deadline": date(2026, 12, 15),
                "tracking_officer": vp_chuyenvien,
            }
        ],
        rows=[0],
        by=vp_chuyenvien,
        today=NOW.date(),
        now=NOW,
    )

    assert directive.source == Directive.Source.EDXML
    assert directive.document_id == "000.00.00.H41,2026/11/20,245/UBND-KT"
    assert directive.sender_code == "000.00.00.H41"
    assert directive.tasks.count() == 1
    assert Attachment.objects.of(directive).count() == 1
    document.refresh_from_db()
    assert (document.state, document.directive) == ("confirmed", directive)
    # Once recorded, the DocumentId is still a duplicate.
    with pytest.raises(Duplicate):
        receive(Message(subject="V/v khác").build(), vp_chuyenvien)


def test_a_revocation_flags_the_directive_and_tells_its_tracking_officer(
    province, vp_chuyenvien
):
    directive = DirectiveFactory(
        number="245/UBND-KT",
        issued_on=date(2026, 11, 20),
        document_id="000.00.00.H41,2026/11/20,245/UBND-KT",
        sender_code="000.00.00.H41",
    )
    TaskFactory(directive=directive, tracking_officer=vp_chuyenvien)

    receipt = receive(
        Message(
            business=1,
            business_document_id="000.00.00.H41,2026/11/20,245/UBND-KT",
            files=[],
        ).build(),
        vp_chuyenvien,
    )

    directive.refresh_from_db()
    assert receipt.action == "revoked"
    assert directive.document_status == Directive.DocumentStatus.REVOKED
    notice = Notification.objects.get(recipient=vp_chuyenvien)
    assert "245/UBND-KT" in notice.title
    assert notice.url == directive.get_absolute_url()


def test_a_revocation_of_an_unknown_document_is_refused(province, vp_chuyenvien):
    with pytest.raises(Refused) as caught:
        receive(Message(business=1, document_id="x-1", files=[]).build(), vp_chuyenvien)
    assert caught.value.code == "unknown_document"
    assert not InboundDocument.objects.exists()


def test_an_update_is_a_change_to_review_then_apply(province, vp_chuyenvien):
    directive = DirectiveFactory(
        number="245/UBND-KT",
        issued_on=date(2026, 11, 20),
        summary="V/v quyết toán",
        document_id="doc-245",
        created_by=vp_chuyenvien,
    )

    receipt = receive(
        Message(
            business=2,
            document_id="doc-245",
            subject="V/v triển khai quyết toán vốn đầu tư công (sửa đổi)",
        ).build(),
        vp_chuyenvien,
    )

    directive.refresh_from_db()
    assert receipt.action == "change"
    assert directive.document_status == Directive.DocumentStatus.UPDATED
    assert [name for name, _old, _new in decisions.changes(receipt.document)] == [
        "summary",
        "signer",
    ]
    assert Notification.objects.filter(recipient=vp_chuyenvien).exists()
    decisions.apply_change(
        receipt.document, by=vp_chuyenvien, today=NOW.date(), now=NOW
    )
    directive.refresh_from_db()
    assert directive.summary.endswith("(sửa đổi)")
    assert Attachment.objects.of(directive).count() == 1


@pytest.mark.parametrize(
    "message",
    [
        Message(subject="MẬT - V/v bảo đảm an ninh trật tự"),
        Message(sphere="Tối mật"),
        Message(
            files=[
                File(
                    "245.docx",
                    docx_bytes(
                        ("ỦY BAN NHÂN DÂN", "TỈNH AN GIANG", "MẬT", "Số: 1/UBND")
                    ),
                )
            ]
        ),
    ],
    ids=["subject", "other-info", "first-page"],
)
def test_a_classified_message_is_refused_and_nothing_is_kept(
    message, province, vp_chuyenvien, tmp_path
):
    with pytest.raises(Refused) as caught:
        receive(message.build(), vp_chuyenvien)

    assert caught.value.code == "classified"
    assert not InboundDocument.objects.exists()
    assert not Attachment.objects.exists()
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_a_status_message_is_not_a_document(province, vp_chuyenvien):
    from chidao.imports import edxml

    raw = edxml.status_message(
        sender_code="1",
        sender_name="x",
        responding_to={},
        staff={},
        code="03",
        description="",
        at=NOW,
    )
    with pytest.raises(Refused) as caught:
        receive(raw, vp_chuyenvien)
    assert caught.value.code == "status_message"


def test_the_watched_folder_sorts_what_it_received(province, vp_chuyenvien, tmp_path):
    folder = tmp_path / "outbox"
    folder.mkdir()
    (folder / "a.edxml").write_bytes(Message().build())
    (folder / "b.edxml").write_bytes(Message().build())
    (folder / "c.edxml").write_bytes(Message(subject="MẬT - V/v an ninh").build())
    (folder / "notes.txt").write_text("không phải gói tin")

    result = inbound.receive_folder(folder, username="vp.chuyenvien")

    assert result.as_dict() == {"received": 1, "duplicates": 1, "refused": 1}
    assert sorted(p.name for p in (folder / "done").iterdir()) == ["a.edxml", "b.edxml"]
    # The classified message's bytes are gone; only the reason is left.
    assert [p.name for p in (folder / "refused").iterdir()] == ["c.edxml.txt"]
    assert (folder / "notes.txt").exists()
