"""Password rules beyond Django's (SECURITY.md 14: four kinds of character)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


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
