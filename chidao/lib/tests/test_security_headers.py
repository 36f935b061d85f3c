"""Headers on every response (SECURITY.md 29, 30, 59)."""

import pytest


@pytest.mark.parametrize("path", ["/tai-khoan/dang-nhap/", "/healthz"])
def test_anonymous_pages_carry_csp_and_nosniff(client, db, path):
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    assert "object-src 'none'" in csp
    assert "base-uri 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "Server" not in response


def test_signed_in_pages_are_never_cached(client, stc_chuyenvien):
    client.force_login(stc_chuyenvien)
    response = client.get("/")
    assert "no-store" in response["Cache-Control"]


def test_health_says_only_ok(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_api_schema_and_docs_answer_only_signed_in_users(client, stc_chuyenvien):
    assert client.get("/api/v1/openapi.json").status_code in (401, 403)
    client.force_login(stc_chuyenvien)
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert "/api/v1/auth/token" in schema.content.decode()
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert "cdn" not in docs.content.decode().lower()


def test_default_admin_path_is_not_served(client, db):
    assert client.get("/admin/").status_code == 404


def test_unknown_page_is_a_generic_404(client, stc_chuyenvien):
    client.force_login(stc_chuyenvien)
    response = client.get("/khong-co/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_pages_stay_vietnamese_for_an_english_browser(client, db):
    response = client.get("/tai-khoan/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert "<h1>Đăng nhập</h1>" in response.content.decode()


def test_the_language_switch_still_gives_english_pages(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/tai-khoan/dang-nhap/")
    assert "<h1>Sign in</h1>" in response.content.decode()
