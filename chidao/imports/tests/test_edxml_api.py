"""POST /api/v1/directives/import, GET …/edxml-status, GET …/register."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import etree
from openpyxl import load_workbook

from chidao.directives.models import Directive
from chidao.imports.edxml import NS
from chidao.imports.models import InboundDocument
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import DirectiveFactory, TaskFactory

from .messages import BILLION_LAUGHS, EXTERNAL_ENTITY, Message

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
URL = "/api/v1/directives/import"


@pytest.fixture(autouse=True)
def frozen(db, settings, tmp_path):
    settings.CLAMAV_SOCKET = ""
    settings.CLAMAV_TCP = ""
    settings.EDXML_AGENCY_CODE = "000.00.01.H41"
    settings.EDXML_AGENCY_NAME = "Văn phòng UBND tỉnh An Giang"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    with time_machine.travel(datetime(2026, 11, 25, 9, tzinfo=TZ), tick=False):
        yield


def edxml(raw: bytes, name: str = "245.edxml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, raw, content_type="application/xml")


def post(client, raw: bytes):
    return client.post(URL, {"file": edxml(raw)}, format="multipart")


def test_a_new_document_is_received_for_review_with_proposed_tasks(
    token_client, province, vp_chuyenvien
):
    response = post(token_client(vp_chuyenvien), Message().build())

    assert response.status_code == 201
    body = response.json()
    assert body["action"] == "received"
    assert body["state"] == "pending"
    assert body["proposed"]["number"] == "245/UBND-KT"
    assert body["proposed"]["issued_on"] == "2026-11-20"
    assert body["proposed"]["kind"] == "cong_van"
    leads = [t["lead_agencies"] for t in body["tasks"]]
    assert ["Sở Tài chính"] in leads
    assert body["review_url"] == f"/nhap-lieu/qlvb/{body['id']}/"
    # Nothing is a directive before the Office confirms it.
    assert not Directive.objects.exists()


def test_the_same_document_id_twice_is_409_duplicate(
    token_client, province, vp_chuyenvien
):
    client = token_client(vp_chuyenvien)
    post(client, Message().build())
    response = post(client, Message(subject="V/v (gửi lại)").build())
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate"


def test_a_revocation_is_200_and_flags_the_directive(
    token_client, province, vp_chuyenvien
):
    directive = DirectiveFactory(document_id="doc-1", number="245/UBND-KT")
    response = post(
        token_client(vp_chuyenvien),
        Message(business=1, business_document_id="doc-1", files=[]).build(),
    )
    assert response.status_code == 200
    assert response.json()["directive"] == directive.pk
    directive.refresh_from_db()
    assert directive.document_status == "revoked"


@pytest.mark.parametrize(
    ("raw", "status", "code"),
    [
        (Message(subject="TỐI MẬT - V/v phương án").build(), 422, "classified"),
        (BILLION_LAUGHS, 422, "unsafe_xml"),
        (EXTERNAL_ENTITY, 422, "unsafe_xml"),
        (b"<html/>", 422, "invalid_edxml"),
    ],
    ids=["classified", "billion-laughs", "external-entity", "not-edxml"],
)
def test_refused_messages_store_nothing(
    raw, status, code, token_client, province, vp_chuyenvien
):
    response = post(token_client(vp_chuyenvien), raw)
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert response.json()["detail"]
    assert not InboundDocument.objects.exists()


def test_a_60_mb_message_is_refused_with_a_clear_error(
    token_client, province, vp_chuyenvien
):
    big = b"<edXML>" + b" " * (60 * 1024 * 1024) + b"</edXML>"
    response = post(token_client(vp_chuyenvien), big)
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert "50" in response.json()["detail"]


@pytest.mark.parametrize("who", ["stc_chuyenvien", "chutich"])
def test_only_the_office_receives(who, request, token_client, province):
    response = post(token_client(request.getfixturevalue(who)), Message().build())
    assert response.status_code == 403


def _status(client, directive) -> str:
    response = client.get(f"/api/v1/directives/{directive.pk}/edxml-status")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = etree.fromstring(response.content)
    ns = {"e": NS}
    head = root.find("e:edXMLEnvelope/e:edXMLHeader/e:MessageHeader", ns)
    assert head.findtext("e:From/e:OrganId", namespaces=ns) == "000.00.01.H41"
    assert head.findtext("e:ResponseFor/e:DocumentId", namespaces=ns) == "doc-9"
    return head.findtext("e:StatusCode", namespaces=ns)


def test_edxml_status_follows_the_tasks(
    token_client, province, vp_chuyenvien, snv_chuyenvien
):
    directive = DirectiveFactory(document_id="doc-9", sender_code="000.00.00.H41")
    client = token_client(vp_chuyenvien)
    assert _status(client, directive) == "03"
    task = TaskFactory(directive=directive, state=Task.State.DRAFT)
    assert _status(client, directive) == "03"
    Task.objects.filter(pk=task.pk).update(state=Task.State.ACCEPTED)
    assert _status(client, directive) == "05"
    Task.objects.filter(pk=task.pk).update(state=Task.State.CONFIRMED_DONE)
    assert _status(client, directive) == "06"
    # Agency people may not ask, whatever the id (403 tells nothing).
    assert (
        token_client(snv_chuyenvien)
        .get(f"/api/v1/directives/{directive.pk}/edxml-status")
        .status_code
        == 403
    )


def test_register_lists_the_references_in_xlsx_and_csv(
    token_client, province, vp_chuyenvien
):
    DirectiveFactory(
        number="245/UBND-KT",
        issued_on=date(2026, 11, 20),
        summary='=HYPERLINK("x")',
        document_id="doc-245",
        sender_code="000.00.00.H41",
    )
    client = token_client(vp_chuyenvien)

    xlsx = client.get("/api/v1/directives/register", {"format": "xlsx"})
    text = client.get("/api/v1/directives/register", {"format": "csv"})

    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert "doc-245" in values
    assert '\'=HYPERLINK("x")' in values
    rows = list(csv.reader(io.StringIO(text.content.decode("utf-8-sig"))))
    assert rows[1][0] == "245/UBND-KT"
    assert "doc-245" in rows[1]
    assert rows[1][3].startswith("'=")
