"""/api/v1/directives: create, classified refusal, duplicates, who sees what."""

from collections.abc import Iterator
from datetime import date

import pytest
import time_machine

from chidao.directives.models import Directive
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import DirectiveFactory, TaskFactory

BODY = {
    "kind": "quyet_dinh",
    "number": "672/QĐ-UBND",
    "summary": "Ban hành Quy chế theo dõi nhiệm vụ",
    "issued_on": "2026-11-02",
    "signer": "Nguyễn Thanh Bình",
}


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(date(2026, 11, 28), tick=False):
        yield


def test_office_creates_a_directive(
    token_client: object, vp_chuyenvien: object
) -> None:
    response = token_client(vp_chuyenvien).post(
        "/api/v1/directives", BODY, format="json"
    )
    assert response.status_code == 201
    assert response.json()["number"] == "672/QĐ-UBND"
    assert response.json()["handover_due"] == "2026-11-09"


@pytest.mark.parametrize("classification", ["mat", "toi_mat", "tuyet_mat"])
def test_classified_is_422_and_nothing_is_stored(
    token_client: object, vp_chuyenvien: object, classification: str
) -> None:
    response = token_client(vp_chuyenvien).post(
        "/api/v1/directives", {**BODY, "classification": classification}, format="json"
    )
    assert response.status_code == 422
    assert response.json()["code"] == "classified"
    assert "5.2" in response.json()["detail"]
    assert not Directive.objects.exists()


def test_classified_message_follows_accept_language(
    token_client: object, vp_chuyenvien: object
) -> None:
    response = token_client(vp_chuyenvien).post(
        "/api/v1/directives",
        {**BODY, "classification": "mat"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.json()["detail"].startswith("Classified documents")


def test_duplicate_number_in_a_year_is_409(
    token_client: object, vp_chuyenvien: object
) -> None:
    client = token_client(vp_chuyenvien)
    assert client.post("/api/v1/directives", BODY, format="json").status_code == 201
    again = client.post("/api/v1/directives", BODY, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "duplicate"
    assert Directive.objects.count() == 1


def test_bad_input_is_422_with_field_errors(
    token_client: object, vp_chuyenvien: object
) -> None:
    response = token_client(vp_chuyenvien).post(
        "/api/v1/directives",
        {**BODY, "number": "khong hop le", "issued_on": "2026-12-30"},
        format="json",
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"number", "issued_on"}
    assert not Directive.objects.exists()


def test_agency_may_not_create_directives(
    token_client: object, stc_chuyenvien: object
) -> None:
    response = token_client(stc_chuyenvien).post(
        "/api/v1/directives", BODY, format="json"
    )
    assert response.status_code == 403
    assert not Directive.objects.exists()


def test_without_a_token_is_401(api_client: object, db: None) -> None:
    assert api_client.get("/api/v1/directives").status_code == 401


def test_agency_sees_only_directives_with_its_tasks(
    token_client: object, stc_chuyenvien: object, stc: object, snv: object
) -> None:
    mine = TaskFactory(state=Task.State.HANDED_OVER, lead_agency=stc).directive
    other = TaskFactory(state=Task.State.HANDED_OVER, lead_agency=snv).directive
    client = token_client(stc_chuyenvien)
    listed = client.get("/api/v1/directives").json()
    assert [d["id"] for d in listed["results"]] == [mine.pk]
    assert client.get(f"/api/v1/directives/{other.pk}").status_code == 404


def test_list_filters_without_accents(token_client: object, chutich: object) -> None:
    wanted = DirectiveFactory(summary="Về phòng, chống thiên tai năm 2026")
    DirectiveFactory(summary="Về cải cách hành chính")
    listed = token_client(chutich).get(
        "/api/v1/directives", {"q": "phong chong thien tai"}
    )
    assert [d["id"] for d in listed.json()["results"]] == [wanted.pk]


def test_patch_changes_the_summary(token_client: object, vp_chuyenvien: object) -> None:
    directive = DirectiveFactory()
    response = token_client(vp_chuyenvien).patch(
        f"/api/v1/directives/{directive.pk}",
        {"summary": "Về việc sửa trích yếu"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["summary"] == "Về việc sửa trích yếu"


def test_patch_with_a_stale_version_is_409_and_keeps_the_first_save(
    token_client: object, vp_chuyenvien: object
) -> None:
    directive = DirectiveFactory()
    client = token_client(vp_chuyenvien)
    url = f"/api/v1/directives/{directive.pk}"
    read = client.get(url).json()["version"]
    first = client.patch(url, {"summary": "Bản A", "version": read}, format="json")
    second = client.patch(url, {"summary": "Bản B", "version": read}, format="json")

    assert first.status_code == 200
    assert first.json()["version"] == read + 1
    assert second.status_code == 409
    assert second.json()["code"] == "stale"
    directive.refresh_from_db()
    assert directive.summary == "Bản A"


def test_patch_to_classified_is_refused(
    token_client: object, vp_chuyenvien: object
) -> None:
    directive = DirectiveFactory()
    response = token_client(vp_chuyenvien).patch(
        f"/api/v1/directives/{directive.pk}", {"classification": "mat"}, format="json"
    )
    assert response.status_code == 422
    assert response.json()["code"] == "classified"


def test_hand_over_all_is_office_only(
    token_client: object, stc_lanhdao: object, vp_chuyenvien: object, stc: object
) -> None:
    directive = DirectiveFactory()
    TaskFactory(directive=directive, lead_agency=stc)
    TaskFactory(directive=directive, lead_agency=stc, state=Task.State.HANDED_OVER)
    # The agency sees the directive through its handed-over task, may not act.
    refused = token_client(stc_lanhdao).post(
        f"/api/v1/directives/{directive.pk}/hand_over"
    )
    assert refused.status_code == 403
    done = token_client(vp_chuyenvien).post(
        f"/api/v1/directives/{directive.pk}/hand_over"
    )
    assert done.json() == {"handed_over": 1}
