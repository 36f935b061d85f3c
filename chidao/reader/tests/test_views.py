"""The reader pages: upload or paste, review, confirm."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chidao.directives.models import Directive
from chidao.tasks.models import Task

from .test_extract import make_pdf

START = "reader:start"
TEXT = (
    "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nSố: 100/UBND-TH\n"
    "An Giang, ngày 10 tháng 7 năm 2025\n"
    "V/v rà soát kinh phí\nKính gửi:\n- Sở Tài chính;\n- Sở Nội vụ.\n"
    "UBND tỉnh có ý kiến như sau:\n"
    "1. Giao Sở TC chủ trì, phối hợp với Sở Nội vụ rà soát kinh phí <b>năm 2025</b>, "
    "báo cáo UBND tỉnh trước ngày 30/7/2025.\n"
    "2. Sở Nội vụ hướng dẫn thủ tục tinh giản biên chế.\n"
    "3. Ban Quản lý dự án Z tổ chức kiểm tra công trình.\n"
)


def review_post(response, **changes):
    """The review form as the browser would send it back, with `changes`."""
    form = response.context["form"]
    formset = response.context["formset"]
    data = {"source_text": response.context["source"]["source_text"].value()}
    for name in form.fields:
        value = form[name].value()
        data[form.add_prefix(name)] = "" if value is None else value
    data.update({k: v for k, v in formset.management_form.initial.items()})
    data = {
        **data,
        **{f"tasks-{k}": v for k, v in formset.management_form.initial.items()},
    }
    for f in formset.forms:
        for name in f.fields:
            value = f[name].value()
            if value in (None, False):
                continue
            data[f.add_prefix(name)] = value
    data["directive-issued_on"] = "2025-07-10"
    data.update(changes)
    return data


@pytest.mark.django_db
def test_start_page_for_the_office(client, vp_chuyenvien):
    client.force_login(vp_chuyenvien)
    response = client.get(reverse(START))
    assert response.status_code == 200
    assert b'enctype="multipart/form-data"' in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["stc_chuyenvien", "stc_lanhdao", "chutich"])
def test_other_roles_get_403(request, client, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(START)).status_code == 403
    assert client.post(reverse("reader:review"), {}).status_code == 403


@pytest.mark.django_db
def test_pasted_text_gives_a_review_table_with_highlighted_escaped_sources(
    client, vp_chuyenvien, stc, snv
):
    client.force_login(vp_chuyenvien)
    response = client.post(reverse(START), {"text": TEXT})
    assert response.status_code == 200
    assert [f["lead_agency"].value() for f in response.context["formset"].forms] == [
        stc.id,
        snv.id,
        None,
    ]
    html = response.content.decode()
    assert "<mark>1. Giao Sở TC chủ trì" in html
    assert "&lt;b&gt;năm 2025&lt;/b&gt;" in html and "<b>năm 2025" not in html
    assert (
        "chưa khớp: Ban Quản lý dự án Z" in html
        or "not matched: Ban Quản lý dự án Z" in html
    )
    assert Directive.objects.count() == 0


@pytest.mark.django_db
def test_confirm_creates_the_directive_and_draft_tasks(client, vp_chuyenvien, stc, snv):
    client.force_login(vp_chuyenvien)
    page = client.post(reverse(START), {"text": TEXT})
    data = review_post(page, **{"tasks-2-DELETE": "on"})
    response = client.post(reverse("reader:review"), data)
    assert response.status_code == 302
    directive = Directive.objects.get()
    assert response.url == reverse("directives:detail", args=[directive.pk])
    assert directive.number == "100/UBND-TH"
    tasks = list(Task.objects.filter(directive=directive).order_by("id"))
    assert [(t.lead_agency_id, t.kind, t.state) for t in tasks] == [
        (stc.id, Task.Kind.DEADLINE_REPORT, Task.State.DRAFT),
        (snv.id, Task.Kind.NO_REPORT, Task.State.DRAFT),
    ]
    assert list(tasks[0].cooperating_agencies.all()) == [snv]


@pytest.mark.django_db
def test_an_unmatched_lead_must_be_chosen_and_nothing_is_stored(
    client, vp_chuyenvien, stc, snv
):
    client.force_login(vp_chuyenvien)
    page = client.post(reverse(START), {"text": TEXT})
    response = client.post(reverse("reader:review"), review_post(page))
    assert response.status_code == 422
    assert response.context["formset"].forms[2].errors["lead_agency"]
    assert Directive.objects.count() == 0 and Task.objects.count() == 0
    assert "<mark>" in response.content.decode()


@pytest.mark.django_db
def test_a_refused_task_rolls_back_the_directive(client, vp_chuyenvien, stc, snv):
    client.force_login(vp_chuyenvien)
    page = client.post(reverse(START), {"text": TEXT})
    data = review_post(
        page, **{"tasks-2-DELETE": "on", "tasks-0-deadline": "2025-07-01"}
    )
    response = client.post(reverse("reader:review"), data)
    assert response.status_code == 422
    assert Directive.objects.count() == 0 and Task.objects.count() == 0


@pytest.mark.django_db
def test_add_row_keeps_everything_and_adds_an_empty_row(
    client, vp_chuyenvien, stc, snv
):
    client.force_login(vp_chuyenvien)
    page = client.post(reverse(START), {"text": TEXT})
    response = client.post(reverse("reader:review"), review_post(page, add_row="1"))
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 4
    assert Directive.objects.count() == 0


@pytest.mark.django_db
def test_classified_document_is_refused_and_nothing_is_stored(client, vp_chuyenvien):
    client.force_login(vp_chuyenvien)
    response = client.post(
        reverse(START), {"text": TEXT.replace("Số: 100", "MẬT\nSố: 100")}
    )
    assert response.status_code == 422
    assert "formset" not in response.context
    assert Directive.objects.count() == 0


@pytest.mark.django_db
def test_scanned_pdf_is_refused_with_a_clear_message(client, vp_chuyenvien):
    client.force_login(vp_chuyenvien)
    upload = SimpleUploadedFile("scan.pdf", make_pdf(None).getvalue())
    response = client.post(reverse(START), {"file": upload})
    assert response.status_code == 422
    errors = response.context["form"].non_field_errors()
    assert errors and ("lớp chữ" in errors[0] or "text layer" in errors[0])


@pytest.mark.django_db
def test_nothing_to_read_is_422(client, vp_chuyenvien):
    client.force_login(vp_chuyenvien)
    assert client.post(reverse(START), {"text": ""}).status_code == 422


@pytest.mark.django_db
def test_review_needs_post(client, vp_chuyenvien):
    client.force_login(vp_chuyenvien)
    assert client.get(reverse("reader:review")).status_code == 405


@pytest.mark.django_db
def test_one_task_per_lead_agency_when_the_officer_keeps_the_others(
    client, vp_chuyenvien, stc, snv, ubnd
):
    client.force_login(vp_chuyenvien)
    text = TEXT.replace(
        "2. Sở Nội vụ hướng dẫn", "2. Các Sở: Tài chính, Nội vụ hướng dẫn"
    ).replace("3. Ban Quản lý dự án Z tổ chức kiểm tra công trình.\n", "")
    page = client.post(reverse(START), {"text": text})
    row = page.context["formset"].forms[1]
    assert row["lead_agency"].value() == stc.id
    assert row["one_per_lead"].value() is True
    assert "Sở Nội vụ" in page.content.decode()
    response = client.post(reverse("reader:review"), review_post(page))
    assert response.status_code == 302
    leads = sorted(
        Task.objects.filter(content__istartswith="hướng dẫn").values_list(
            "lead_agency_id", flat=True
        )
    )
    assert leads == sorted([stc.id, snv.id])


@pytest.mark.django_db
def test_other_leads_sent_back_are_checked_against_the_registry(
    client, vp_chuyenvien, stc, snv, ubnd
):
    client.force_login(vp_chuyenvien)
    page = client.post(reverse(START), {"text": TEXT})
    tampered = json.dumps({"span": [0, 5], "others": [[ubnd.id, "x"], [999999, "y"]]})
    data = review_post(
        page,
        **{
            "tasks-2-DELETE": "on",
            "tasks-1-meta": tampered,
            "tasks-1-one_per_lead": "on",
        },
    )
    response = client.post(reverse("reader:review"), data)
    assert response.status_code == 302
    assert not Task.objects.filter(lead_agency=ubnd).exists()
    assert Task.objects.count() == 2
