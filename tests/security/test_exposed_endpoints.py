"""No debug, test or stray endpoints; no software names (SECURITY.md 59)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from .conftest import World

STRAY = [
    "/.git/HEAD",
    "/.git/config",
    "/.env",
    "/__debug__/",
    "/__debug__/render_panel/",
    "/static/../settings.py",
    "/static/../chidao/settings/base.py",
    "/static/%2e%2e/chidao/settings/base.py",
    "/static/..%2fchidao%2fsettings%2fbase.py",
    "/static/../../manage.py",
    "/manage.py",
    "/db.sqlite3",
    "/requirements.txt",
    "/admin/",
    "/media/",
    "/api/v1/schema/",
    "/api/v1/redoc",
]


@pytest.mark.parametrize("role", ["anonymous", "admin"])
def test_line_59_stray_paths_are_not_found(world: World, role: str) -> None:
    client = world.client(role)
    wrong = []
    for path in STRAY:
        response = client.get(path)
        if response.status_code != 404:
            wrong.append(f"{path}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


def test_line_59_no_debug_toolbar_or_extensions_installed() -> None:
    for app in ("debug_toolbar", "django_extensions", "silk", "django_browser_reload"):
        assert app not in settings.INSTALLED_APPS


@pytest.mark.parametrize("name", ["api:schema", "api:docs"])
def test_line_59_api_schema_and_docs_answer_only_signed_in_users(
    world: World, name: str
) -> None:
    url = reverse(name)
    assert world.client("anonymous").get(url).status_code == 401
    assert world.client("outsider").get(url).status_code == 200


def test_line_59_health_says_ok_and_nothing_else(world: World) -> None:
    response = world.client("anonymous").get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response.content == b'{"status": "ok"}'
    assert "Server" not in response
    assert "X-Powered-By" not in response


def test_line_59_no_response_names_the_server_software(world: World) -> None:
    client = world.client("agency_officer")
    for path in ("/", reverse("tasks:list"), reverse("api:me"), "/khong-co/"):
        response = client.get(path)
        headers = " ".join(f"{k}: {v}" for k, v in response.items()).lower()
        for word in ("django", "python", "wsgiserver", "gunicorn", "uvicorn"):
            assert word not in headers, (path, word)
