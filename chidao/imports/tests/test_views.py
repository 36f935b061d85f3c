"""The import pages: upload, dry run, mapping, import; receive, review, decide."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from chidao.attachments.models import Attachment
from chidao.directives.models import Directive
from chidao.imports.models import ColumnAlias, ImportRun, InboundDocument
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import DirectiveFactory

from .messages import Message
from .spreadsheets import csv_file, legacy_file

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


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
    with time_machine.travel(datetime(2026, 11, 25, 9, tzinfo=TZ), tick=False):
        yield


def xlsx(raw: bytes | None = None, name: str = "theo-doi.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, raw or legacy_file())


def test_upload_shows_the_dry_run_report(client, province, vp_chuyenvien):
    client.force_login(vp_chuyenvien)

    response = client.post(reverse("imports:start"), {"file": xlsx()}, follow=True)

    assert response.status_code == 200
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.CHECKED
    page = response.content.decode()
    assert "672/QĐ-UBND" in page
    assert reverse("imports:commit", args=[run.pk]) in page
    assert not Task.objects.exists()


def test_import_button_imports_all_rows(client, province, vp_chuyenvien):
    client.force_login(vp_chuyenvien)
    client.post(reverse("imports:start"), {"file": xlsx()})
    run = ImportRun.objects.get()

    response = client.post(reverse("imports:commit", args=[run.pk]), follow=True)

    run.refresh_from_db()
    assert run.status == ImportRun.Status.COMMITTED
    assert Task.objects.count() == 6
    assert "6" in str(list(response.context["messages"])[0])


def test_the_officer_corrects_a_column_and_it_is_remembered(
    client, province, vp_chuyenvien
):
    raw = csv_file(
        "So ky hieu,Ngay ban hanh,Trich yeu,Noi dung nhiem vu,Don vi lam\n"
        "5/UBND-KT,02/01/2025,V/v A,Kiểm tra số liệu,Sở Tài chính\n"
    )
    client.force_login(vp_chuyenvien)
    client.post(reverse("imports:start"), {"file": xlsx(raw, "a.csv")})
    run = ImportRun.objects.get()
    assert run.report["errors"]  # "Đơn vị làm" is not recognised
    form = client.get(run.get_absolute_url()).context["mapping"]
    data = {f"map-{name}": field.initial or "" for name, field in form.fields.items()}
    column = next(n for n, key in form.keys.items() if key == "don vi lam")
    data[f"map-{column}"] = "lead_agency"

    client.post(reverse("imports:mapping", args=[run.pk]), data)

    run.refresh_from_db()
    assert run.report["errors"] == []
    assert ColumnAlias.objects.get(header="don vi lam").field == "lead_agency"


def test_a_bad_file_is_refused_on_the_form_and_nothing_kept(
    client, province, vp_chuyenvien
):
    client.force_login(vp_chuyenvien)
    response = client.post(reverse("imports:start"), {"file": xlsx(b"x", "a.pdf")})
    assert response.status_code == 422
    assert "XLSX" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_the_template_is_a_workbook_this_import_reads(client, province, vp_chuyenvien):
    client.force_login(vp_chuyenvien)
    response = client.get(reverse("imports:template"))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Nhiệm vụ", "Hướng dẫn"]
    from chidao.imports.legacy import read_workbook

    sheet = read_workbook(response.content, "mau.xlsx").sheets[0]
    assert set(sheet.fields()) >= {"number", "content", "lead_agency", "deadline"}


@pytest.mark.parametrize("who", ["stc_chuyenvien", "chutich", "snv_chuyenvien"])
def test_others_than_the_office_get_403(who, request, client, province, vp_chuyenvien):
    client.force_login(vp_chuyenvien)
    client.post(reverse("imports:start"), {"file": xlsx()})
    run = ImportRun.objects.get()
    client.force_login(request.getfixturevalue(who))
    for url in (
        reverse("imports:start"),
        reverse("imports:template"),
        run.get_absolute_url(),
        reverse("imports:receive"),
        reverse("imports:register"),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("imports:commit", args=[run.pk])).status_code == 403
    assert not Task.objects.exists()


def test_a_run_that_does_not_exist_is_404(client, province, vp_chuyenvien):
    client.force_login(vp_chuyenvien)
    assert client.get(reverse("imports:run", args=[999])).status_code == 404


def _receive(client, raw: bytes):
    return client.post(
        reverse("imports:receive"),
        {"file": SimpleUploadedFile("245.edxml", raw)},
        follow=True,
    )


def test_an_uploaded_edxml_opens_the_review_page_filled_from_it(
    client, province, vp_chuyenvien
):
    client.force_login(vp_chuyenvien)

    response = _receive(client, Message().build())

    document = InboundDocument.objects.get()
    assert response.redirect_chain[-1][0] == document.get_absolute_url()
    assert response.templates[0].name == "imports/inbound_review.html"
    form = response.context["form"]
    assert form["number"].value() == "245/UBND-KT"
    assert form["signer"].value() == "Phó Chủ tịch Lê Văn Hòa"
    assert len(response.context["rows"]) == 2
    page = response.content.decode()
    assert "000.00.00.H41,2026/11/20,245/UBND-KT" in page
    assert reverse("imports:inbound_confirm", args=[document.pk]) in page
    assert not Directive.objects.exists()


def _review_post(response, **changes) -> dict:
    form, formset = response.context["form"], response.context["formset"]
    data = {"source_text": response.context["source"]["source_text"].value()}
    for name in form.fields:
        value = form[name].value()
        data[form.add_prefix(name)] = "" if value is None else value
    data.update({f"tasks-{k}": v for k, v in formset.management_form.initial.items()})
    for f in formset.forms:
        for name in f.fields:
            value = f[name].value()
            if value in (None, False):
                continue
            data[f.add_prefix(name)] = value
    data.update(changes)
    return data


def test_confirming_the_review_records_directive_tasks_reference_and_files(
    client, province, vp_chuyenvien
):
    client.force_login(vp_chuyenvien)
    page = _receive(client, Message().build())
    document = InboundDocument.objects.get()

    response = client.post(
        reverse("imports:inbound_confirm", args=[document.pk]), _review_post(page)
    )

    directive = Directive.objects.get()
    assert response.status_code == 302
    assert response["Location"] == directive.get_absolute_url()
    assert directive.source == Directive.Source.EDXML
    assert directive.document_id == document.document_id
    assert directive.tasks.count() == 2
    assert Attachment.objects.of(directive).count() == 1
    detail = client.get(directive.get_absolute_url()).content.decode()
    assert document.document_id in detail


def test_a_refused_field_keeps_the_review_and_records_nothing(
    client, province, vp_chuyenvien
):
    client.force_login(vp_chuyenvien)
    page = _receive(client, Message().build())
    document = InboundDocument.objects.get()

    response = client.post(
        reverse("imports:inbound_confirm", args=[document.pk]),
        _review_post(page, **{"directive-number": "mười"}),
    )

    assert response.status_code == 422
    assert not Directive.objects.exists()
    document.refresh_from_db()
    assert document.is_pending


def test_a_document_entered_by_hand_is_linked_instead(client, province, vp_chuyenvien):
    directive = DirectiveFactory(number="245/UBND-KT", issued_on=date(2026, 11, 20))
    client.force_login(vp_chuyenvien)
    page = _receive(client, Message().build())
    document = InboundDocument.objects.get()
    assert page.context["same_number"] == directive

    client.post(reverse("imports:inbound_link", args=[document.pk]))

    directive.refresh_from_db()
    assert directive.document_id == document.document_id
    assert Attachment.objects.of(directive).count() == 1


def test_dismiss_sets_the_document_aside(client, province, vp_chuyenvien):
    client.force_login(vp_chuyenvien)
    _receive(client, Message().build())
    document = InboundDocument.objects.get()

    client.post(reverse("imports:inbound_dismiss", args=[document.pk]))
    again = client.post(reverse("imports:inbound_dismiss", args=[document.pk]))

    document.refresh_from_db()
    assert document.state == InboundDocument.State.DISMISSED
    assert again.status_code == 409


def test_a_change_is_shown_and_applied(client, province, vp_chuyenvien):
    directive = DirectiveFactory(
        number="245/UBND-KT", issued_on=date(2026, 11, 20), document_id="doc-245"
    )
    client.force_login(vp_chuyenvien)
    page = _receive(
        client, Message(business=2, document_id="doc-245", subject="V/v mới").build()
    )
    document = InboundDocument.objects.get()
    assert page.templates[0].name == "imports/inbound_detail.html"
    assert "V/v mới" in page.content.decode()

    client.post(reverse("imports:inbound_apply", args=[document.pk]))

    directive.refresh_from_db()
    assert directive.summary == "V/v mới"
    assert directive.document_status == Directive.DocumentStatus.UPDATED


def test_a_classified_upload_is_refused_on_the_form(client, province, vp_chuyenvien):
    client.force_login(vp_chuyenvien)
    response = client.post(
        reverse("imports:receive"),
        {"file": SimpleUploadedFile("m.edxml", Message(subject="MẬT - V/v x").build())},
    )
    assert response.status_code == 422
    assert "Art. 5.2" in response.content.decode() or "Điều 5.2" in (
        response.content.decode()
    )
    assert not InboundDocument.objects.exists()


def test_the_new_directive_page_offers_the_edxml_upload(
    client, province, vp_chuyenvien
):
    client.force_login(vp_chuyenvien)
    page = client.get(reverse("directives:create")).content.decode()
    assert reverse("imports:receive") in page
