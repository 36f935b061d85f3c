"""`manage.py seed_demo` builds the API.md demo province, idempotently."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from chidao.accounts.models import User
from chidao.agencies.models import Agency

DEMO_USERS = [
    "admin",
    "chutich",
    "vp.lanhdao",
    "vp.chuyenvien",
    "stc.lanhdao",
    "stc.chuyenvien",
    "snv.chuyenvien",
]


def test_seed_demo_twice_gives_the_same_province(db):
    out = StringIO()
    call_command("seed_demo", "--allow-production", stdout=out)
    counts = (Agency.objects.count(), User.objects.count())
    call_command("seed_demo", "--allow-production", stdout=StringIO())

    assert (Agency.objects.count(), User.objects.count()) == counts
    assert set(DEMO_USERS) <= set(User.objects.values_list("username", flat=True))
    assert Agency.objects.get(code="STC").name == "Sở Tài chính"
    assert Agency.objects.get(code="SNV").name == "Sở Nội vụ"
    assert Agency.objects.filter(kind="department").count() >= 17
    assert Agency.objects.filter(kind="locality").count() >= 5
    assert settings.DEMO_PASSWORD in out.getvalue()


def test_every_demo_user_gets_a_token(api_client, db):
    call_command("seed_demo", "--allow-production", stdout=StringIO())
    for username in DEMO_USERS:
        response = api_client.post(
            "/api/v1/auth/token",
            {"username": username, "password": settings.DEMO_PASSWORD},
        )
        if username == "admin":
            # SECURITY.md 18: an administrator's token also needs the TOTP code.
            assert response.status_code == 403, username
            assert response.json()["code"] == "mfa_required"
        else:
            assert response.status_code == 200, username


def test_seed_demo_refuses_production_mode_without_the_flag(db, settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="published password"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.exists()
