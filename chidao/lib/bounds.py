"""Bounds on what users type (SECURITY.md 32, 44; ASVS 2.2.1).

Every date a form, an API field or a filter accepts lies between 1945 and
2100: a year 9999 deadline overflowed date arithmetic (a 500), and an issue
date of 0001-01-01 is no directive of this state. `install()` adds the check
to Django's and DRF's DateField once, at start-up, so that no field can
forget it. Free texts (comments, reasons, report texts) stop at TEXT_MAX.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

EARLIEST_DATE = date(1945, 1, 1)
LATEST_DATE = date(2100, 12, 31)
# Comments, reasons, report and task texts: a long page, never megabytes.
TEXT_MAX = 10_000


def check_date_range(value: date | None) -> None:
    """Refuse a date outside 1945–2100 (None passes: "required" is elsewhere)."""
    if value is None:
        return
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s.")
            % {"first": EARLIEST_DATE.year, "last": LATEST_DATE.year},
            code="date_out_of_range",
        )


def _drf_check(value: date | None) -> None:
    from rest_framework.exceptions import ValidationError as ApiValidationError

    try:
        check_date_range(value)
    except ValidationError as exc:
        raise ApiValidationError(exc.messages[0], code="date_out_of_range") from exc


def install() -> None:
    """Add the date range to every DateField of Django forms and DRF."""
    from django import forms
    from rest_framework import serializers

    if check_date_range not in forms.DateField.default_validators:
        forms.DateField.default_validators = [
            *forms.DateField.default_validators,
            check_date_range,
        ]
    if _drf_check not in serializers.DateField.default_validators:
        serializers.DateField.default_validators = [
            *serializers.DateField.default_validators,
            _drf_check,
        ]
