"""Account changes."""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import update_session_auth_hash
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from chidao.audit import services as audit
from chidao.lib.security_log import log_security_event

from .models import User, role_group


def set_roles(user: User, roles: list[str], *, by: User | None = None) -> None:
    """Replace the user's roles with `roles`; a change is audited."""
    before = sorted(user.groups.values_list("name", flat=True))
    user.groups.set([role_group(r) for r in roles])
    user.__dict__.pop("roles", None)
    after = sorted(set(roles))
    if before != after and (by is not None or before):
        audit.record(
            "user.roles",
            obj=user,
            by=by,
            before={"roles": before},
            after={"roles": after},
        )


def record_password_change(user: User, *, request: HttpRequest | None = None) -> None:
    """Clear the forced change and keep the current session signed in."""
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["must_change_password", "password_changed_at"])
    if request is not None:
        update_session_auth_hash(request, user)


def acknowledge_monitoring_notice(user: User, *, now: datetime) -> None:
    """Store when the user acknowledged that use of the system is logged."""
    user.monitoring_notice_acknowledged_at = now
    user.save(update_fields=["monitoring_notice_acknowledged_at"])
    audit.record("user.acknowledge_monitoring", obj=user, by=user, after={"at": now})


def disable_idle_accounts(*, today: date, idle_days: int = 45) -> list[str]:
    """Deactivate accounts unused for more than `idle_days` (TCVN 4.6.2.3)."""
    limit = timezone.make_aware(
        datetime.combine(today - timedelta(days=idle_days), time.min)
    )
    idle = User.objects.filter(is_active=True, is_superuser=False).filter(
        Q(last_login__lt=limit) | Q(last_login__isnull=True, date_joined__lt=limit)
    )
    from .tokens import revoke_tokens

    users = list(idle)
    names = [user.username for user in users]
    idle.update(is_active=False)
    for user in users:
        log_security_event(
            "account_disabled", result="idle", account=user.username, target="accounts"
        )
        audit.record(
            "user.disable",
            obj=user,
            before={"is_active": True},
            after={"is_active": False, "reason": "idle_45_days"},
        )
        revoke_tokens(user, by=None, reason="account_disabled")
    return names
