"""Generic error pages, never debug output (SECURITY.md 31)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, override_settings

from .conftest import World

LEAKS = (
    "Traceback",
    "RuntimeError",
    "boom",
    "SECRET_KEY",
    "no_such_column",
    "SELECT",
    "tasks_task",
    "Using the URLconf",
    "chidao.urls",
    "settings.py",
    "/work/",
    "site-packages",
)


def _assert_no_leak(body: str) -> None:
    for word in (*LEAKS, settings.SECRET_KEY):
        assert word not in body, word


def test_line_31_debug_is_off() -> None:
    assert settings.DEBUG is False


@pytest.mark.parametrize("role", ["anonymous", "agency_officer"])
@pytest.mark.parametrize("path", ["/hong/", "/hong/truy-van/", "/api/v1/hong"])
def test_line_31_a_failing_view_gives_the_generic_500_page(
    world: World, role: str, path: str
) -> None:
    client = world.client(role, raise_request_exception=False)
    with override_settings(ROOT_URLCONF="tests.security.urls_with_a_bug"):
        response = client.get(path)
    assert response.status_code == 500
    body = response.content.decode()
    assert "Lỗi hệ thống" in body
    if path.startswith("/api/"):
        # API.md: even a crash answers `{detail, code}` in JSON.
        assert response["Content-Type"] == "application/json"
        assert response.json()["code"] == "error"
    _assert_no_leak(body)


@pytest.mark.parametrize("role", ["anonymous", "agency_officer"])
@pytest.mark.parametrize(
    "path", ["/khong-co-trang-nay/", "/nhiem-vu/khong-phai-so/", "/api/v1/khong-co"]
)
def test_line_31_an_unknown_url_gives_the_generic_404(
    world: World, role: str, path: str
) -> None:
    response = world.client(role).get(path)
    assert response.status_code == 404
    body = response.content.decode()
    _assert_no_leak(body)
    if not path.startswith("/api/"):
        assert "Không tìm thấy trang" in body


def test_line_31_the_error_of_a_refused_step_names_no_internals(world: World) -> None:
    client = Client()
    client.force_login(world.users["leader"])
    response = client.post(f"/nhiem-vu/{world.task.pk}/cancel/", {"cancel-reason": "x"})
    assert response.status_code == 403
    _assert_no_leak(response.content.decode())
