"""Numbers on report pages, written the way the files write them."""

from django import template

from chidao.tasks.standing import ReportStatus

from ..exports import format_value

register = template.Library()


@register.filter
def rate(value: float | None) -> str:
    """0.857 → "85,7 %"; an empty rate is a dash."""
    return format_value(value, "rate") or "—"


@register.filter
def num(value: int | None) -> str:
    return format_value(value, "int") or "0"


@register.filter
def cell(row: dict, key: str) -> object:
    return row.get(key)


@register.filter
def count(row: object, status: str) -> int:
    return row.counts.get(status, 0)


@register.filter
def link(row: object, key: str) -> str:
    return getattr(row, "links", {}).get(key, "")


@register.filter
def status_label(status: str) -> str:
    return str(ReportStatus(status).label)


@register.simple_tag
def show(value: object, kind: str) -> str:
    return format_value(value, kind)
