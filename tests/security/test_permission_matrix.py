"""Every URL name × every role answers as `permission_matrix.py` says.

SECURITY.md 4 (function-level permissions), 6 (the leader writes nothing),
8 (no GET changes anything) and the outsider's 404 of line 1.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .conftest import ROLES, World, fingerprint
from .permission_matrix import (
    GET_LINES,
    LEADERS_OWN,
    PERSONAL,
    WRITE_LINES,
    Line,
    send,
)


def _names(patterns: list, namespace: str = "") -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            full = f"{namespace}:{inner}" if namespace and inner else namespace or inner
            if full == "admin":
                continue
            names |= _names(pattern.url_patterns, full)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def project_url_names() -> set[str]:
    return _names(get_resolver().url_patterns)


def test_line_4_every_url_name_has_a_line_in_the_matrix() -> None:
    listed = {line.name for line in GET_LINES}
    assert sorted(project_url_names() - listed) == [], "add these to GETS"
    assert sorted(listed - project_url_names()) == [], "no such URL names"


def test_line_8_every_url_that_changes_something_has_a_write_line() -> None:
    post_only = {
        line.name
        for line in GET_LINES
        if any(code == 405 for role, code in line.expected.items() if role != "AN")
    }
    writes = {line.name for line in WRITE_LINES}
    assert sorted(post_only - writes) == []


def _is_refusal(role: str, line: Line, code: int) -> bool:
    if code in (401, 403, 404, 405):
        return True
    return role == "anonymous" and code == 302 and line.name != "set_language"


@pytest.mark.parametrize("role", ROLES)
def test_line_4_get_every_url_as(role: str, world: World) -> None:
    client = world.client(role)
    login = reverse(settings.LOGIN_URL)
    before = fingerprint(world)
    wrong = []
    for line in GET_LINES:
        response = send(client, line, world)
        expected = line.expected[role]
        if response.status_code != expected:
            wrong.append(f"{line}: {response.status_code}, expected {expected}")
        elif (
            role == "anonymous"
            and expected == 302
            and line.name not in ("set_language", "admin_home")
        ):
            assert response["Location"].startswith(login), line
    assert not wrong, "\n".join(wrong)
    # SECURITY.md 8: nothing a GET does changes a row.
    assert fingerprint(world) == before


@pytest.mark.parametrize("role", ROLES)
def test_line_4_6_write_every_url_as(role: str, world: World) -> None:
    wrong = []
    for line in WRITE_LINES:
        client = world.client(role)
        expected = line.expected[role]
        refusal = _is_refusal(role, line, expected)
        with transaction.atomic():
            before = fingerprint(world) if refusal else None
            response = send(client, line, world)
            after = fingerprint(world) if refusal else None
            transaction.set_rollback(True)
        if response.status_code != expected:
            wrong.append(f"{line}: {response.status_code}, expected {expected}")
        elif after != before:
            wrong.append(f"{line}: refused with {expected} but changed rows")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    "line",
    [
        line
        for line in WRITE_LINES
        if line.name not in PERSONAL and str(line) not in LEADERS_OWN
    ],
    ids=str,
)
def test_line_6_leader_is_refused_every_write_of_the_province(
    line: Line, world: World
) -> None:
    """SECURITY.md 6: the Chairman reads everything and changes nothing but
    the leaders' own writes (issue 15: directions, comments, urges)."""
    assert line.expected["leader"] == 403


def test_line_6_the_leaders_own_writes_are_in_the_matrix() -> None:
    assert LEADERS_OWN <= {str(line) for line in WRITE_LINES}


@pytest.mark.parametrize("role", ROLES)
def test_line_4_admin_pages_need_a_staff_account(role: str, world: World) -> None:
    response = world.client(role).get(f"/{settings.ADMIN_URL}")
    if role == "admin":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_line_8_get_on_a_write_url_is_405_and_changes_nothing(world: World) -> None:
    """SECURITY.md 8, as the role that may make the write."""
    get_codes = {line.name: line.expected for line in GET_LINES}
    wrong = []
    for line in WRITE_LINES:
        role = next(
            (r for r, code in line.expected.items() if r != "anonymous" and code < 400),
            None,
        )
        if role is None or get_codes[line.name][role] != 405:
            continue  # a page whose GET shows the form (checked by the crawl)
        before = fingerprint(world)
        response = send(world.client(role), Line(line.name, line.target, {}), world)
        if response.status_code != 405 or fingerprint(world) != before:
            wrong.append(f"GET {line.name} as {role}: {response.status_code}")
    assert not wrong, "\n".join(wrong)
