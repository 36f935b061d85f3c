"""Template filters for dates the pages show in words (lib/dates.py)."""

from django import template

from chidao.lib.dates import show_partial

register = template.Library()


@register.filter
def partial_date(value: str | None) -> str:
    """ "2026-06" → "tháng 6/2026"; "2026" → "năm 2026"."""
    return show_partial(value)
