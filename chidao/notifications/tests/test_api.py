"""GET /api/v1/notifications and POST /api/v1/notifications/{id}/read."""

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from chidao.accounts.models import User
from chidao.notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/notifications"


def test_lists_own_notices_paginated(
    token_client: Callable[[User], APIClient],
    stc_chuyenvien: User,
    snv_chuyenvien: User,
) -> None:
    NotificationFactory.create_batch(3, recipient=stc_chuyenvien)
    NotificationFactory(recipient=snv_chuyenvien)
    response = token_client(stc_chuyenvien).get(URL, {"page_size": 2})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3
    assert len(data["results"]) == 2
    assert set(data["results"][0]) == {
        "id",
        "title",
        "body",
        "url",
        "created_at",
        "read_at",
        "is_read",
    }


def test_unread_filter(
    token_client: Callable[[User], APIClient], stc_chuyenvien: User
) -> None:
    client = token_client(stc_chuyenvien)
    first, _second = NotificationFactory.create_batch(2, recipient=stc_chuyenvien)
    client.post(f"{URL}/{first.pk}/read")
    assert client.get(URL, {"unread": "1"}).json()["count"] == 1


def test_mark_read(
    token_client: Callable[[User], APIClient], stc_chuyenvien: User
) -> None:
    n = NotificationFactory(recipient=stc_chuyenvien)
    response = token_client(stc_chuyenvien).post(f"{URL}/{n.pk}/read")
    assert response.status_code == 200
    assert response.json()["is_read"] is True
    assert response.json()["read_at"]


def test_others_notice_is_404(
    token_client: Callable[[User], APIClient],
    stc_chuyenvien: User,
    snv_chuyenvien: User,
) -> None:
    n = NotificationFactory(recipient=snv_chuyenvien)
    response = token_client(stc_chuyenvien).post(f"{URL}/{n.pk}/read")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    n.refresh_from_db()
    assert not n.is_read


def test_without_token_is_401(api_client: APIClient) -> None:
    assert api_client.get(URL).status_code == 401
    assert api_client.post(f"{URL}/1/read").status_code == 401


def test_get_on_read_is_405(
    token_client: Callable[[User], APIClient], stc_chuyenvien: User
) -> None:
    n = NotificationFactory(recipient=stc_chuyenvien)
    assert token_client(stc_chuyenvien).get(f"{URL}/{n.pk}/read").status_code == 405
