"""The directive list's filters, shared by the page and the API."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from .models import Directive


def filter_directives(
    qs: QuerySet[Directive],
    *,
    q: str = "",
    kind: str = "",
    issued_from: date | None = None,
    issued_to: date | None = None,
) -> QuerySet[Directive]:
    """Narrow `qs` by text (without accents), kind and issue dates, newest first."""
    if q:
        qs = qs.search(q)
    if kind:
        # An unknown kind finds nothing (and a NUL never reaches PostgreSQL).
        qs = qs.filter(kind=kind) if kind in Directive.Kind.values else qs.none()
    if issued_from:
        qs = qs.filter(issued_on__gte=issued_from)
    if issued_to:
        qs = qs.filter(issued_on__lte=issued_to)
    return qs.order_by("-issued_on", "-id")
