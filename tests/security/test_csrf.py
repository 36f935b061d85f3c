"""CSRF is enforced on every form and session API write (SECURITY.md 9).

Each write URL of the matrix, as a role allowed to make it, with Django's CSRF
checks turned back on: without a token 403 and nothing changes; with the
token from the page, the write goes through. API calls authenticated by a
Bearer token carry no cookie a forger could ride on, so they need no token.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

from .conftest import World, fingerprint
from .permission_matrix import WRITE_LINES, Line, send

# The token endpoint takes a user name and password and sets no cookie: a
# forged cross-site POST could only hand the attacker's own token back to them.
NO_SESSION = {"api:auth-token"}


def _allowed_role(line: Line) -> str:
    return next(
        role
        for role, code in line.expected.items()
        if role != "anonymous" and code < 400
    )


def _csrf_client(world: World, role: str) -> tuple[Client, str]:
    client = world.client(role, enforce_csrf_checks=True)
    client.get(reverse("search"))  # any page with a form sets the cookie
    return client, client.cookies[settings.CSRF_COOKIE_NAME].value


def test_line_9_a_write_without_the_token_is_refused_and_with_it_accepted(
    world: World,
) -> None:
    wrong = []
    for line in WRITE_LINES:
        if line.name in NO_SESSION:
            continue
        role = _allowed_role(line)
        client, token = _csrf_client(world, role)
        with transaction.atomic():
            before = fingerprint(world)
            forged = send(client, line, world)
            changed = fingerprint(world) != before
            transaction.set_rollback(True)
        if forged.status_code != 403 or changed:
            wrong.append(f"{line} without a token: {forged.status_code}")
        client, token = _csrf_client(world, role)
        with transaction.atomic():
            genuine = send(client, line, world, csrf_token=token)
            transaction.set_rollback(True)
        if genuine.status_code != line.expected[role]:
            wrong.append(f"{line} with the token: {genuine.status_code}")
    assert not wrong, "\n".join(wrong)


def test_line_9_sign_in_form_needs_the_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    credentials = {"username": "stc.chuyenvien", "password": world.extra["password"]}
    response = client.post(reverse("accounts:login"), credentials)
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    client.get(reverse("accounts:login"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        reverse("accounts:login"), credentials | {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_line_9_bearer_token_calls_are_exempt_by_design(
    world: World, token_client
) -> None:  # noqa: ANN001
    api = token_client(world.users["agency_officer"])
    api.handler.enforce_csrf_checks = True
    response = api.post(
        reverse("api:task-comments", args=[world.task.pk]),
        json.dumps({"text": "Gửi từ hệ thống quản lý văn bản."}),
        content_type="application/json",
    )
    assert response.status_code == 201
