"""Password rules beyond Django's (SECURITY.md 14: four kinds of character;
17: administrators rotate every 60 days and reuse none of their last 10)."""

from datetime import timedelta

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# TCVN 4.6.2.2 b, a level-3 control adopted: administrators only (ASVS 6.2.10
# advises against forced rotation for everyone else).
ADMIN_PASSWORD_MAX_AGE = timedelta(days=60)
HISTORY_LENGTH = 10


def password_expired(user: object, *, now: object = None) -> bool:
    """An administrator whose password is older than 60 days must change it."""
    from .permissions import has_admin_rights

    if not has_admin_rights(user):
        return False
    changed = user.password_changed_at or user.date_joined
    return (now or timezone.now()) - changed > ADMIN_PASSWORD_MAX_AGE


class CharacterClassesValidator:
    """Require lower case, upper case, a digit and a symbol."""

    def validate(self, password: str, user: object = None) -> None:
        classes = [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if not all(classes):
            raise ValidationError(
                _(
                    "The password must contain lower-case and upper-case letters, "
                    "a digit and a symbol."
                ),
                code="password_character_classes",
            )

    def get_help_text(self) -> str:
        return _(
            "Your password must contain lower-case and upper-case letters, a digit "
            "and a symbol."
        )


class PasswordHistoryValidator:
    """Administrators may not reuse one of their last 10 passwords.

    `password_changed` is Django's hook after every save of a new password,
    whichever form or command set it: the new hash joins the history, the
    change time is kept, and the account's API tokens stop working.
    """

    def __init__(self, history: int = HISTORY_LENGTH) -> None:
        self.history = history

    def validate(self, password: str, user: object = None) -> None:
        from .permissions import has_admin_rights

        if user is None or getattr(user, "pk", None) is None:
            return
        if not has_admin_rights(user):
            return
        recent = list(
            user.password_history.values_list("encoded", flat=True)[: self.history]
        )
        if user.password:
            recent.append(user.password)
        if any(check_password(password, encoded) for encoded in recent):
            raise ValidationError(
                ngettext(
                    "Choose a password you have not used before.",
                    "Choose a password that is not one of your last %(count)d.",
                    self.history,
                )
                % {"count": self.history},
                code="password_reused",
            )

    def password_changed(self, password: str, user: object) -> None:
        from .models import PasswordHistory, User
        from .tokens import revoke_tokens

        if getattr(user, "pk", None) is None:
            return
        PasswordHistory.objects.create(user=user, encoded=user.password)
        keep = user.password_history.values_list("pk", flat=True)[: self.history]
        user.password_history.exclude(pk__in=list(keep)).delete()
        now = timezone.now()
        User.objects.filter(pk=user.pk).update(password_changed_at=now)
        user.password_changed_at = now
        revoke_tokens(user, by=None, reason="password_changed")

    def get_help_text(self) -> str:
        return _("Administrators may not reuse one of their last 10 passwords.")
