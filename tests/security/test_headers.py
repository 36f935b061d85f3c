"""Security headers and no caching on every response (SECURITY.md 29, 30).

One crawl of every GET line of the matrix, signed in as the office lead over
HTTPS with HSTS on; the API lines again with a Bearer token. Production
values are read from `settings/base.py` run with the environment of a
deployment.
"""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from .conftest import World
from .permission_matrix import GET_LINES, send, url_of

HSTS_YEAR = 31_536_000


def _problems(response: object, *, signed_in: bool, hsts: bool) -> list[str]:
    found = []
    csp = response.get("Content-Security-Policy", "")
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        if directive not in csp:
            found.append(f"CSP without {directive}")
    if response.get("X-Content-Type-Options") != "nosniff":
        found.append("no nosniff")
    if not response.get("Referrer-Policy"):
        found.append("no Referrer-Policy")
    if signed_in and "no-store" not in response.get("Cache-Control", ""):
        found.append(f"Cache-Control {response.get('Cache-Control')!r}")
    if hsts:
        value = response.get("Strict-Transport-Security", "")
        age = value.partition("max-age=")[2].split(";")[0]
        if not age.isdigit() or int(age) < HSTS_YEAR:
            found.append(f"HSTS {value!r}")
    if "Server" in response or "X-Powered-By" in response:
        found.append("server software named")
    return found


@override_settings(SECURE_HSTS_SECONDS=HSTS_YEAR, SECURE_SSL_REDIRECT=False)
def test_line_29_30_every_page_carries_the_security_headers(world: World) -> None:
    client = world.client("office_lead")
    wrong = []
    for line in GET_LINES:
        response = send(client, line, world, secure=True)
        for problem in _problems(response, signed_in=True, hsts=True):
            wrong.append(f"{line} ({response.status_code}): {problem}")
    assert not wrong, "\n".join(wrong)


def test_line_29_anonymous_pages_carry_them_too_but_may_be_cached(world: World) -> None:
    client = world.client("anonymous")
    wrong = []
    for line in GET_LINES:
        response = send(client, line, world)
        for problem in _problems(response, signed_in=False, hsts=False):
            wrong.append(f"{line} ({response.status_code}): {problem}")
    assert not wrong, "\n".join(wrong)


def test_line_30_api_answers_to_a_bearer_token_are_never_cached(
    world: World, token_client
) -> None:  # noqa: ANN001
    api = token_client(world.users["office_lead"])
    wrong = []
    for line in GET_LINES:
        if not line.name.startswith("api:") or line.name == "api:auth-token":
            continue
        response = api.get(url_of(line, world))
        for problem in _problems(response, signed_in=True, hsts=False):
            wrong.append(f"{line} ({response.status_code}): {problem}")
    assert not wrong, "\n".join(wrong)


def test_line_30_the_token_answer_is_never_cached(world: World, api_client) -> None:  # noqa: ANN001
    response = api_client.post(
        reverse("api:auth-token"),
        {"username": "stc.chuyenvien", "password": world.extra["password"]},
        format="json",
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    refused = api_client.post(
        reverse("api:auth-token"),
        {"username": "stc.chuyenvien", "password": "wrong"},
        format="json",
    )
    assert refused.status_code == 401
    assert "no-store" in refused["Cache-Control"]


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> dict:
    """`settings/base.py` as a deployment runs it: HTTPS on, no debug."""
    for name in ("DJANGO_DEBUG", "DJANGO_SSL_REDIRECT", "DJANGO_HSTS_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DJANGO_HTTPS", "1")
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "chidao.angiang.gov.vn")
    base = Path(settings.BASE_DIR) / "chidao" / "settings" / "base.py"
    return runpy.run_path(str(base))


def test_line_28_29_production_settings_send_hsts_and_secure_cookies(
    production: dict,
) -> None:
    assert production["DEBUG"] is False
    assert production["SECURE_HSTS_SECONDS"] >= HSTS_YEAR
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert production["SECURE_REFERRER_POLICY"]
    assert production["X_FRAME_OPTIONS"] == "DENY"
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert "chidao.lib.middleware.SecurityHeadersMiddleware" in production["MIDDLEWARE"]
