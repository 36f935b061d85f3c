"""Idempotent demo data: run it any number of times, the result is the same."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from chidao.accounts.models import User
from chidao.accounts.services import set_roles
from chidao.agencies.models import Agency

from . import data
from .seed_work import seed_work


def seed_agencies() -> dict[str, Agency]:
    agencies: dict[str, Agency] = {}
    for code, name, short, kind, parent in data.AGENCIES:
        agency, _created = Agency.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "kind": kind,
                "parent": agencies.get(parent) if parent else None,
            },
        )
        agencies[code] = agency
    return agencies


def seed_users(agencies: dict[str, Agency]) -> list[User]:
    users = []
    for username, full_name, title, agency_code, roles in data.USERS:
        user, _created = User.objects.update_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "title": title,
                "agency": agencies[agency_code],
                "is_active": True,
                "email": f"{username}@demo.chidao.local",
                # The demo skips the first-sign-in monitoring notice.
                "monitoring_notice_acknowledged_at": timezone.now(),
            },
        )
        if username == "admin":
            user.is_staff = user.is_superuser = True
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
        set_roles(user, roles)
        users.append(user)
    return users


@transaction.atomic
def seed_demo() -> list[User]:
    agencies = seed_agencies()
    users = seed_users(agencies)
    seed_work()
    return users
