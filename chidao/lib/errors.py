"""Domain errors, turned into HTTP answers in one place each for API and HTML.

`api/exceptions.py` maps them to 403/409/422 JSON; `lib/middleware.py` to pages.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule refused the operation; `message` is shown to the user."""

    status = 400
    code = "invalid"
    default_message = _("The operation is not allowed.")

    # The form field the message belongs beside, when there is one.
    field: str | None = None

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message or str(self.default_message)
        if code:
            self.code = code
        if field:
            self.field = field
        super().__init__(self.message)


class Refused(DomainError):
    """Input that a rule refuses (422), e.g. a classified directive."""

    status = 422
    code = "refused"


class WrongState(DomainError):
    """The record is not in a state that allows this action (409)."""

    status = 409
    code = "wrong_state"
    default_message = _("This action is not possible in the current state.")


class StaleVersion(DomainError):
    """Someone else saved the record since it was read (409)."""

    status = 409
    code = "stale"
    default_message = _(
        "Someone else changed this record after you opened it. Reload the page "
        "to see their changes; your input has been kept below."
    )


class InvalidInput(Refused):
    """Input refused field by field (422); `errors` maps field names to messages.

    `row` names the row of a multi-row input (the tasks of a directive, the
    lines of an import) the errors belong to.
    """

    code = "invalid"

    def __init__(self, errors: dict[str, list[str]], *, row: int | None = None) -> None:
        self.errors = {field: [str(m) for m in msgs] for field, msgs in errors.items()}
        self.row = row
        first = next(iter(self.errors.values()))[0]
        super().__init__(first, code="invalid")

    def in_row(self, row: int) -> InvalidInput:
        """The same refusal, said of row `row`."""
        return InvalidInput(self.errors, row=row)


class Duplicate(DomainError):
    """The record already exists (409)."""

    status = 409
    code = "duplicate"


class NotAllowed(DomainError):
    """The user may see the record but not do this (403)."""

    status = 403
    code = "permission_denied"
    default_message = _("You are not allowed to do this.")
