"""Domain refusals shown on Django forms: one way for every page."""

from __future__ import annotations

from django import forms

from .errors import DomainError, InvalidInput


def apply_errors(form: forms.Form, exc: DomainError) -> None:
    """Put each message of `exc` beside its field, or above the form."""
    if isinstance(exc, InvalidInput):
        for field, messages in exc.errors.items():
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
        return
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)
