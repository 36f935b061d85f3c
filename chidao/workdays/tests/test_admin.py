"""Django admin for announced days goes through the services (cache, signal)."""

from datetime import date

import pytest
from django.conf import settings
from django.test import Client

from chidao.accounts.models import User
from chidao.workdays.calendar import add_working_days
from chidao.workdays.models import DayOverride

pytestmark = pytest.mark.django_db


def url(suffix: str = "") -> str:
    return f"/{settings.ADMIN_URL}workdays/dayoverride/{suffix}"


def test_admin_adds_changes_and_deletes_a_day(client: Client, admin_user: User) -> None:
    client.force_login(admin_user)
    response = client.post(
        url("add/"), {"day": "07/03/2026", "kind": "working_day", "reason": "Làm bù"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = DayOverride.objects.get()
    assert row.created_by == admin_user
    assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 7)
    response = client.post(
        url(f"{row.pk}/change/"),
        {"day": "14/03/2026", "kind": "working_day", "reason": "Làm bù"},
    )
    assert response.status_code == 302
    assert list(DayOverride.objects.values_list("day", flat=True)) == [
        date(2026, 3, 14)
    ]
    assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)
    row = DayOverride.objects.get()
    response = client.post(url(f"{row.pk}/delete/"), {"post": "yes"})
    assert response.status_code == 302
    assert not DayOverride.objects.exists()
    assert add_working_days(date(2026, 3, 13), 1) == date(2026, 3, 16)
