"""Account changes."""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import update_session_auth_hash
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from chidao.lib.security_log import log_security_event

from .models import User, role_group


def set_roles(user: User, roles: list[str]) -> None:
    """Replace the user's roles with `roles`."""
    user.groups.set([role_group(r) for r in roles])
    user.__dict__.pop("roles", None)


def record_password_change(user: User, *, request: HttpRequest | None = None) -> None:
    """Clear the forced change and keep the current session signed in."""
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["must_change_password", "password_changed_at"])
    if request is not None:
        update_session_auth_hash(request, user)


def disable_idle_accounts(*, today: date, idle_days: int = 45) -> list[str]:
    """Deactivate accounts unused for more than `idle_days` (TCVN 4.6.2.3)."""
    limit = timezone.make_aware(
        datetime.combine(today - timedelta(days=idle_days), time.min)
    )
    idle = User.objects.filter(is_active=True, is_superuser=False).filter(
        Q(last_login__lt=limit) | Q(last_login__isnull=True, date_joined__lt=limit)
    )
    names = list(idle.values_list("username", flat=True))
    idle.update(is_active=False)
    for name in names:
        log_security_event(
            "account_disabled", result="idle", account=name, target="accounts"
        )
    return names
