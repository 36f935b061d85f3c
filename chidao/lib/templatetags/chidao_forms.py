"""The error summary at the top of every form (issue 16, UI.md "habits").

One list of what to correct, announced (role="alert") and focused on load by
chidao.js, each entry a link to its field; the messages beside the fields stay.
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.utils.translation import gettext as _

register = template.Library()


def _entries(form: forms.BaseForm, row: int | None) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for message in form.non_field_errors():
        out.append({"anchor": "", "label": "", "message": message})
    for field in form:
        if field.is_hidden:
            continue
        label = str(field.label)
        if row is not None:
            label = _("Task %(n)s: %(field)s") % {"n": row, "field": label}
        for message in field.errors:
            out.append(
                {"anchor": field.id_for_label, "label": label, "message": message}
            )
    return out


def summary_entries(*forms_or_formsets: Any) -> list[dict[str, str]]:
    """Every error of the given forms and formsets, in page order."""
    out: list[dict[str, str]] = []
    for item in forms_or_formsets:
        if item is None or not getattr(item, "is_bound", False):
            continue
        if isinstance(item, forms.BaseFormSet):
            for message in item.non_form_errors():
                out.append({"anchor": "", "label": "", "message": message})
            for n, row in enumerate(item.forms, start=1):
                out.extend(_entries(row, n))
        else:
            out.extend(_entries(item, None))
    return out


@register.inclusion_tag("_error_summary.html")
def error_summary(*forms_or_formsets: Any) -> dict[str, Any]:
    return {"entries": summary_entries(*forms_or_formsets)}


@register.simple_tag
def filter_summary(form: forms.BaseForm | None) -> str:
    """The filters a list or report was shown with, for its printed header."""
    if form is None or not getattr(form, "is_bound", False):
        return ""
    parts = []
    for field in form:
        if field.is_hidden:
            continue
        value = field.value()
        values = value if isinstance(value, list | tuple) else [value]
        values = [str(v) for v in values if v not in (None, "", False)]
        if not values:
            continue
        choices = getattr(field.field, "choices", None)
        if choices is not None:
            names = {str(k): str(label) for k, label in choices}
            values = [names.get(v, v) for v in values]
        parts.append(f"{field.label}: {', '.join(values)}")
    return "; ".join(parts)
