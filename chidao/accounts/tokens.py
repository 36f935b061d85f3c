"""API tokens (SECURITY.md 15, 21, 23): hashed, expiring, revocable.

django-rest-knox keeps only a SHA-512 digest of each token. A token lives no
longer than a browser session may (SESSION_ABSOLUTE_HOURS); it is refused
while the account must change its password, and revoked when the password
changes, the account is disabled, or its holder signs it out.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.auth import TokenAuthentication
from knox.models import AuthToken
from rest_framework import exceptions

from chidao.audit import services as audit
from chidao.lib.errors import NotAllowed

from .models import User


def token_lifetime() -> timedelta:
    return timedelta(hours=settings.SESSION_ABSOLUTE_HOURS)


def issue_token(user: User) -> tuple[str, datetime]:
    """A new token for `user` and its expiry; the caller sees the token once."""
    if user.must_change_password:
        raise NotAllowed(
            _("Change the password you were given on the sign-in page first."),
            code="password_change_required",
        )
    instance, token = AuthToken.objects.create(user, expiry=token_lifetime())
    audit.record(
        "token.issue",
        obj=user,
        by=user,
        after={"expires_at": instance.expiry, "token": instance.token_key[:4] + "…"},
    )
    return token, instance.expiry


def revoke_token(instance: AuthToken, *, by: User | None, reason: str) -> None:
    """End one token at once."""
    user = instance.user
    instance.delete()
    audit.record("token.revoke", obj=user, by=by, after={"reason": reason})


def revoke_tokens(user: User, *, by: User | None, reason: str) -> int:
    """End every token of `user` (password changed, account disabled)."""
    count, _detail = AuthToken.objects.filter(user=user).delete()
    if count:
        audit.record(
            "token.revoke", obj=user, by=by, after={"reason": reason, "count": count}
        )
    return count


class BearerTokenAuthentication(TokenAuthentication):
    """A knox token, refused for a disabled account or one that must change
    its password (SECURITY.md 15, 23)."""

    def authenticate_header(self, request: object) -> str:
        return "Bearer"

    def _cleanup_token(self, auth_token: AuthToken) -> bool:
        # Only this token's expiry: knox also sweeps the user's other tokens,
        # a query on every call (expired ones are refused all the same).
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False

    def validate_user(self, auth_token: AuthToken) -> tuple[User, AuthToken]:
        user = auth_token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("This account is disabled."))
        if user.must_change_password:
            raise exceptions.AuthenticationFailed(
                _("Change the password you were given on the sign-in page first."),
                code="password_change_required",
            )
        return user, auth_token
