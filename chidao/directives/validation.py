"""Checks on directive and task input, shared by forms, serializers and services."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chidao.lib.bounds import check_date_range
from chidao.lib.errors import Refused

CLASSIFIED = frozenset({"mat", "toi_mat", "tuyet_mat"})

# "672/QĐ-UBND", "1234/UBND-KT", "15/2026/QĐ-UBND", "05a/TB-VP": a number, an
# optional year, then the symbol of the kind and the issuing body (Decree 30/2020).
NUMBER_RE = re.compile(r"^\d+[A-Z]?(/\d{4})?/[A-ZĐ0-9&.]+(-[A-ZĐ0-9&.]+)*$")
_SPACES = re.compile(r"\s+")

CLASSIFIED_MESSAGE = gettext_lazy(
    "Classified documents (mật, tối mật, tuyệt mật) must not be entered in the "
    "system or published on the network (Art. 5.2). Nothing has been saved; report "
    "on them in writing."
)


def refuse_classified(classification: str) -> None:
    """Art. 5.2: a classified directive is refused before anything is stored."""
    if classification in CLASSIFIED:
        raise Refused(
            str(CLASSIFIED_MESSAGE), code="classified", field="classification"
        )


def clean_number(number: str) -> str:
    """The number and symbol without spaces, in capitals; ValidationError if odd."""
    cleaned = _SPACES.sub("", number or "").upper()
    if not NUMBER_RE.match(cleaned):
        raise ValidationError(
            _(
                "Enter the number and symbol as written on the document, for "
                "example 672/QĐ-UBND or 1234/UBND-KT."
            ),
            code="invalid_number",
        )
    return cleaned


def check_issued_on(issued_on: date, today: date) -> None:
    check_date_range(issued_on)  # whichever door the date came by
    if issued_on > today:
        raise ValidationError(
            _("The issue date cannot be in the future."), code="future_date"
        )
