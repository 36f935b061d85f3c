"""Reactions to sign-in, password change and agency merges."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from chidao.agencies.signals import agency_merged

from .models import User

SESSION_STARTED_KEY = "chidao_signed_in_at"


@receiver(user_logged_in)
def remember_sign_in_time(
    sender: object, request: HttpRequest, user: User, **kwargs: object
) -> None:
    # The absolute session limit counts from here (SessionLifetimeMiddleware).
    if hasattr(request, "session"):
        request.session[SESSION_STARTED_KEY] = timezone.now().timestamp()


@receiver(agency_merged)
def move_users_to_successor(sender: object, merge: object, **kwargs: object) -> dict:
    moved = User.objects.filter(agency=merge.dissolved).update(agency=merge.into)
    return {"users": moved}
