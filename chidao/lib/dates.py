"""The one date input of every form and filter: dd/mm/yyyy whatever the browser.

A native `<input type=date>` shows the browser's own order (mm/dd/yyyy in an
English Chromium) while the page says dd/mm/yyyy, and typed `02122026` became
12 February (issue 16). So every date is a plain text field read here, on the
server, day first and never the other way round; the calendar picker
(static/js/dates.js, flatpickr) only writes into that text field, so the page
works without JavaScript and the server stays the one judge.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .forms import QuickTextInput

SHOWN_FORMAT = "%d/%m/%Y"
# d/m/yyyy with / . or - between (what people type), ddmmyyyy (eight digits,
# typed without separators), and yyyy-mm-dd: the links and bookmarks made
# while the fields were native date inputs, unambiguous with the year first.
_DAY_FIRST = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
_DIGITS = re.compile(r"(\d{2})(\d{2})(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")

UNREADABLE = _("Enter the date as dd/mm/yyyy, for example 02/12/2026.")
NOT_A_DAY = _("%(value)s is not a day of the calendar (dd/mm/yyyy).")


class DateUnreadable(ValueError):
    """The text is no date in any form we read."""


class DateImpossible(ValueError):
    """The text reads as day, month, year but names no such day (31/02)."""


def parse_day(text: str) -> date:
    """Read a typed date, day first; never swaps day and month to make one fit."""
    text = text.strip()
    for pattern, order in ((_DAY_FIRST, "dmy"), (_DIGITS, "dmy"), (_ISO, "ymd")):
        match = pattern.fullmatch(text)
        if match is None:
            continue
        parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
        try:
            return date(parts["y"], parts["m"], parts["d"])
        except ValueError as exc:
            raise DateImpossible(text) from exc
    raise DateUnreadable(text)


def show_day(value: date | None) -> str:
    return value.strftime(SHOWN_FORMAT) if value else ""


class DayInput(QuickTextInput):
    """A text field for dd/mm/yyyy; dates.js adds the calendar button."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "inputmode": "numeric",
            "autocomplete": "off",
            "placeholder": _("dd/mm/yyyy"),
            "size": 12,
            "maxlength": 10,
            "class": "day-input",
            "data-day-input": "",
            "data-picker-label": _("Choose a date"),
        }
        super().__init__(attrs={**defaults, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, date):
            return show_day(value)
        # What the user typed comes back as it was, refused or not.
        return super().format_value(value)


class DayField(forms.DateField):
    """A date typed dd/mm/yyyy (also d/m/yyyy, ddmmyyyy), refused if unreadable."""

    widget = DayInput
    default_error_messages = {"invalid": UNREADABLE, "impossible": NOT_A_DAY}

    def to_python(self, value: Any) -> date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return parse_day(str(value))
        except DateImpossible as exc:
            raise ValidationError(
                self.error_messages["impossible"],
                code="impossible",
                params={"value": str(value).strip()},
            ) from exc
        except DateUnreadable as exc:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from exc

    def strptime(self, value: str, format: str) -> date:  # noqa: A002
        # Only to_python reads text; kept consistent should Django call this.
        return parse_day(value)


def show_partial(text: str | None) -> str:
    """A year or year-month the reader found ("2026-06"), as people read it."""
    if not text:
        return ""
    year, _sep, month = text.partition("-")
    if month:
        return _("month %(month)s/%(year)s") % {"month": int(month), "year": year}
    return _("year %(year)s") % {"year": year}
