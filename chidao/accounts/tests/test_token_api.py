"""POST /api/v1/auth/token, GET /api/v1/me, GET /api/v1/users (API.md)."""

import pytest
from django.test import override_settings

from chidao.accounts.tests.factories import PASSWORD

URL = "/api/v1/auth/token"


@pytest.fixture(autouse=True)
def _axes_enabled(settings):
    settings.AXES_ENABLED = True


def test_right_password_gets_a_token_that_opens_me(api_client, stc_chuyenvien):
    response = api_client.post(
        URL, {"username": "stc.chuyenvien", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]

    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    me = api_client.get("/api/v1/me").json()
    assert me["username"] == "stc.chuyenvien"
    assert me["agency"] == {
        "id": stc_chuyenvien.agency_id,
        "code": "STC",
        "name": "Sở Tài chính",
    }
    assert me["roles"] == ["agency_officer"]


def test_line_12_wrong_password_is_401_with_the_same_answer_as_unknown_user(
    api_client, stc_chuyenvien
):
    wrong = api_client.post(URL, {"username": "stc.chuyenvien", "password": "x"})
    unknown = api_client.post(URL, {"username": "nobody", "password": "x"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["code"] == "invalid_credentials"


def test_messages_follow_accept_language(api_client, stc_chuyenvien):
    vi = api_client.post(URL, {"username": "stc.chuyenvien", "password": "x"})
    en = api_client.post(
        URL, {"username": "stc.chuyenvien", "password": "x"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert vi.json()["detail"] == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert en.json()["detail"] == "Wrong user name or password."


def test_line_10_after_five_failures_even_the_right_password_is_refused(
    api_client, stc_chuyenvien
):
    for _ in range(5):
        api_client.post(URL, {"username": "stc.chuyenvien", "password": "wrong"})

    response = api_client.post(
        URL, {"username": "stc.chuyenvien", "password": PASSWORD}
    )

    assert response.status_code == 429
    assert response.json()["code"] == "locked"


def test_line_11_lockout_does_not_reach_the_same_user_from_another_address(
    api_client, stc_chuyenvien
):
    for _ in range(5):
        api_client.post(
            URL,
            {"username": "stc.chuyenvien", "password": "wrong"},
            REMOTE_ADDR="10.0.0.66",
        )

    response = api_client.post(
        URL,
        {"username": "stc.chuyenvien", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.7",
    )

    assert response.status_code == 200


@override_settings(AXES_COOLOFF_TIME=None)
def test_missing_fields_are_422(api_client, db):
    response = api_client.post(URL, {"username": "a"}, format="json")
    assert response.status_code == 422
    assert "password" in response.json()["errors"]


def test_me_without_token_is_401(api_client, db):
    response = api_client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_bad_token_is_401(api_client, db):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer nope")
    assert api_client.get("/api/v1/me").status_code == 401


def test_users_of_an_agency_for_office_roles(
    token_client, vp_chuyenvien, stc_lanhdao, stc_chuyenvien, snv_chuyenvien
):
    client = token_client(vp_chuyenvien)
    response = client.get(f"/api/v1/users?agency={stc_lanhdao.agency_id}")
    assert response.status_code == 200
    names = [u["username"] for u in response.json()["results"]]
    assert names == ["stc.chuyenvien", "stc.lanhdao"]


def test_agency_officer_may_not_list_users(token_client, stc_chuyenvien):
    response = token_client(stc_chuyenvien).get("/api/v1/users")
    assert response.status_code == 403
