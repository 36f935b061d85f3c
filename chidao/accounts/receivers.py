"""Reactions to sign-in, password change and agency merges."""

from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from chidao.agencies.signals import agency_merged
from chidao.lib.security_log import log_security_event

from .models import User

SESSION_STARTED_KEY = "chidao_signed_in_at"


@receiver(user_logged_in)
def remember_sign_in_time(
    sender: object, request: HttpRequest, user: User, **kwargs: object
) -> None:
    # The absolute session limit counts from here (SessionLifetimeMiddleware).
    if hasattr(request, "session"):
        request.session[SESSION_STARTED_KEY] = timezone.now().timestamp()
    log_security_event(
        "login", result="success", request=request, account=user.get_username()
    )


@receiver(user_login_failed)
def log_failed_sign_in(
    sender: object,
    credentials: dict,
    request: HttpRequest | None = None,
    **kwargs: object,
) -> None:
    log_security_event(
        "login",
        result="failure",
        request=request,
        account=str(credentials.get("username", "")),
    )


@receiver(user_logged_out)
def log_sign_out(
    sender: object,
    request: HttpRequest | None = None,
    user: User | None = None,
    **kwargs: object,
) -> None:
    log_security_event(
        "logout",
        result="success",
        request=request,
        account=user.get_username() if user else "",
    )


@receiver(agency_merged)
def move_users_to_successor(sender: object, merge: object, **kwargs: object) -> dict:
    moved = User.objects.filter(agency=merge.dissolved).update(agency=merge.into)
    return {"users": moved}
