"""POST /api/v1/directives/read: the proposal as JSON, nothing stored."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chidao.directives.models import Directive
from chidao.tasks.models import Task

from .test_extract import make_docx, make_pdf

URL = "/api/v1/directives/read"
TEXT = (
    "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nSố: 100/UBND-TH\n"
    "An Giang, ngày 10 tháng 7 năm 2025\n"
    "V/v rà soát kinh phí\nKính gửi: Sở Tài chính\n"
    "UBND tỉnh có ý kiến như sau:\n"
    "1. Giao Sở TC chủ trì, phối hợp với Sở Nội vụ rà soát kinh phí, báo cáo UBND tỉnh "
    "trước ngày 30/7/2025.\n"
)


@pytest.mark.django_db
def test_text_is_read_into_a_proposal_with_registry_matches(
    token_client, vp_chuyenvien, stc, snv
):
    response = token_client(vp_chuyenvien).post(URL, {"text": TEXT}, format="json")
    assert response.status_code == 200
    data = response.json()
    assert data["directive"]["number"] == "100/UBND-TH"
    (task,) = data["tasks"]
    assert task["lead_agencies"] == ["Sở Tài chính"]
    assert task["lead_agency_matches"] == [
        {"name": "Sở Tài chính", "written": "Sở TC", "id": stc.id, "matched": True}
    ]
    assert task["cooperating_agency_matches"][0]["id"] == snv.id
    assert (task["deadline"], task["must_report"], task["kind"]) == (
        "2025-07-30",
        True,
        "deadline_report",
    )
    assert Directive.objects.count() == 0 and Task.objects.count() == 0


@pytest.mark.django_db
def test_unmatched_agencies_are_returned_as_written(token_client, vp_lanhdao):
    response = token_client(vp_lanhdao).post(URL, {"text": TEXT}, format="json")
    match = response.json()["tasks"][0]["lead_agency_matches"][0]
    assert match == {"name": "Sở TC", "written": "Sở TC", "id": None, "matched": False}


@pytest.mark.django_db
def test_a_docx_file_is_read(token_client, vp_chuyenvien):
    upload = SimpleUploadedFile("cv.docx", make_docx().getvalue())
    response = token_client(vp_chuyenvien).post(
        URL, {"file": upload}, format="multipart"
    )
    assert response.status_code == 200
    assert response.json()["directive"]["number"] == "12/UBND-TH"


@pytest.mark.django_db
def test_classified_document_is_422_and_nothing_is_stored(token_client, vp_chuyenvien):
    text = TEXT.replace("Số: 100", "TỐI MẬT\nSố: 100")
    response = token_client(vp_chuyenvien).post(URL, {"text": text}, format="json")
    assert response.status_code == 422
    assert response.json()["code"] == "classified"
    assert Directive.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (b"MZ\x90\x00program", "cv.pdf", "file_rejected"),
        (None, "scan.pdf", "unreadable"),
    ],
)
def test_bad_files_are_422(token_client, vp_chuyenvien, content, name, code):
    data = make_pdf(None).getvalue() if content is None else content
    upload = SimpleUploadedFile(name, data)
    response = token_client(vp_chuyenvien).post(
        URL, {"file": upload}, format="multipart"
    )
    assert response.status_code == 422
    assert response.json()["code"] == code


@pytest.mark.django_db
def test_nothing_to_read_is_422(token_client, vp_chuyenvien):
    response = token_client(vp_chuyenvien).post(URL, {"text": "  "}, format="json")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["stc_chuyenvien", "stc_lanhdao", "chutich"])
def test_other_roles_get_403(request, token_client, who):
    user = request.getfixturevalue(who)
    response = token_client(user).post(URL, {"text": TEXT}, format="json")
    assert response.status_code == 403


@pytest.mark.django_db
def test_without_a_token_401(api_client):
    assert api_client.post(URL, {"text": TEXT}, format="json").status_code == 401


def test_upload_buffer_helper_is_bytes():
    assert isinstance(make_docx(), io.BytesIO)
