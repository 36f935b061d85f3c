"""Sign-in rules beyond Django's: one-time passwords expire (SECURITY.md 15)."""

from datetime import timedelta

from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

# An issued (one-time) password must be replaced within this time.
INITIAL_PASSWORD_LIFETIME = timedelta(hours=72)


class ChiDaoBackend(ModelBackend):
    def user_can_authenticate(self, user: object) -> bool:
        if not super().user_can_authenticate(user):
            return False
        issued = getattr(user, "password_changed_at", None)
        if getattr(user, "must_change_password", False) and issued is not None:
            return timezone.now() - issued <= INITIAL_PASSWORD_LIFETIME
        return True
