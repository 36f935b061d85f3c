"""Account changes."""

from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest
from django.utils import timezone

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
