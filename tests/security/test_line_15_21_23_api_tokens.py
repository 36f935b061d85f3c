"""API tokens follow the account rules of the sign-in page (SECURITY.md 15,
19, 21, 23): hashed, expiring, refused while the password must change,
revoked on a password change, on deactivation and on sign-out."""

from datetime import UTC, datetime, timedelta

import time_machine
from django.contrib.admin.sites import site
from django.test import RequestFactory
from knox.models import AuthToken

from chidao.accounts.tests.factories import PASSWORD

START = datetime(2026, 11, 2, 2, tzinfo=UTC)


def get_token(api_client, username: str = "stc.chuyenvien") -> dict:  # noqa: ANN001
    response = api_client.post(
        "/api/v1/auth/token", {"username": username, "password": PASSWORD}
    )
    assert response.status_code == 200, response.content
    return response.json()


def me(api_client, token: str) -> int:  # noqa: ANN001
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    status = api_client.get("/api/v1/me").status_code
    api_client.credentials()
    return status


def test_line_19_tokens_are_stored_as_digests_only(api_client, stc_chuyenvien) -> None:
    token = get_token(api_client)["token"]
    row = AuthToken.objects.get(user=stc_chuyenvien)
    assert token not in (row.digest, row.token_key)
    assert len(row.digest) == 128  # SHA-512
    assert me(api_client, token) == 200


def test_line_21_the_token_answer_carries_its_expiry_and_it_expires(
    api_client, stc_chuyenvien, settings
) -> None:
    with time_machine.travel(START, tick=False):
        body = get_token(api_client)
    expires = datetime.fromisoformat(body["expires_at"])
    assert expires == START + timedelta(hours=settings.SESSION_ABSOLUTE_HOURS)
    with time_machine.travel(expires - timedelta(minutes=1), tick=False):
        assert me(api_client, body["token"]) == 200
    with time_machine.travel(expires + timedelta(minutes=1), tick=False):
        assert me(api_client, body["token"]) == 401


def test_line_15_an_account_that_must_change_its_password_gets_no_token(
    api_client, stc_chuyenvien
) -> None:
    stc_chuyenvien.must_change_password = True
    stc_chuyenvien.save()
    response = api_client.post(
        "/api/v1/auth/token", {"username": "stc.chuyenvien", "password": PASSWORD}
    )
    assert response.status_code == 403
    assert response.json()["code"] == "password_change_required"
    assert not AuthToken.objects.exists()


def test_line_15_a_token_stops_working_when_a_change_is_required(
    api_client, stc_chuyenvien
) -> None:
    token = get_token(api_client)["token"]
    stc_chuyenvien.must_change_password = True
    stc_chuyenvien.save()
    assert me(api_client, token) == 401


def test_line_15_the_72_hour_one_time_password_applies_to_the_token(
    api_client, stc_chuyenvien
) -> None:
    with time_machine.travel(START, tick=False):
        stc_chuyenvien.set_password(PASSWORD)
        stc_chuyenvien.must_change_password = True
        stc_chuyenvien.save()
    with time_machine.travel(START + timedelta(hours=73), tick=False):
        response = api_client.post(
            "/api/v1/auth/token", {"username": "stc.chuyenvien", "password": PASSWORD}
        )
    assert response.status_code == 401


def test_line_23_a_password_change_revokes_every_token(
    api_client, stc_chuyenvien
) -> None:
    first, second = get_token(api_client)["token"], get_token(api_client)["token"]
    stc_chuyenvien.set_password("Mot-Mat-Khau-Moi-2026!")
    stc_chuyenvien.save()
    assert me(api_client, first) == 401 and me(api_client, second) == 401
    assert not AuthToken.objects.filter(user=stc_chuyenvien).exists()


def test_line_23_deactivation_in_the_admin_revokes_the_tokens(
    api_client, stc_chuyenvien, admin_user
) -> None:
    from chidao.accounts.admin import UserAdmin

    token = get_token(api_client)["token"]
    request = RequestFactory().post("/")
    request.user = admin_user
    model_admin = UserAdmin(type(stc_chuyenvien), site)
    before = type(stc_chuyenvien).objects.get(pk=stc_chuyenvien.pk)
    stc_chuyenvien.is_active = False
    model_admin.save_model(request, stc_chuyenvien, None, change=True)

    class Form:
        instance = stc_chuyenvien

        def save_m2m(self) -> None: ...

    model_admin.save_related(request, Form(), [], change=True)
    assert before.is_active
    assert not AuthToken.objects.filter(user=stc_chuyenvien).exists()
    assert me(api_client, token) == 401


def test_line_23_idle_accounts_lose_their_tokens(api_client, stc_chuyenvien) -> None:
    from chidao.accounts.services import disable_idle_accounts

    token = get_token(api_client)["token"]
    stc_chuyenvien.last_login = START - timedelta(days=50)
    stc_chuyenvien.save()
    disable_idle_accounts(today=START.date())
    assert not AuthToken.objects.filter(user=stc_chuyenvien).exists()
    assert me(api_client, token) == 401


def test_line_22_delete_revokes_the_token_it_was_sent_with(
    api_client, stc_chuyenvien
) -> None:
    kept, ended = get_token(api_client)["token"], get_token(api_client)["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {ended}")
    assert api_client.delete("/api/v1/auth/token").status_code == 204
    api_client.credentials()
    assert me(api_client, ended) == 401
    assert me(api_client, kept) == 200


def test_line_19_the_admin_lists_tokens_without_showing_them(
    client, api_client, admin_user, stc_chuyenvien
) -> None:
    token = get_token(api_client)["token"]
    row = AuthToken.objects.get(user=stc_chuyenvien)
    client.force_login(admin_user)
    page = client.get("/quan-tri/knox/authtoken/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "stc.chuyenvien" in body or "Đặng Thị Mai" in body
    assert token not in body and token[:15] not in body
    assert client.get("/quan-tri/knox/authtoken/add/").status_code == 403
    assert row.token_key not in body


def test_line_23_issuing_and_revoking_are_audited(api_client, stc_chuyenvien) -> None:
    from chidao.audit.models import AuditEvent

    token = get_token(api_client)["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    api_client.delete("/api/v1/auth/token")
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions == ["token.issue", "token.revoke"]
    assert token not in str(list(AuditEvent.objects.values()))
