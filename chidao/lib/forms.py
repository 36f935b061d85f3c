"""Domain refusals shown on Django forms: one way for every page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

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


def _attrs(attrs: dict[str, Any]) -> SafeString:
    """Django's widgets/attrs.html in Python: `True` alone, `False` left out."""
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html(" {}", name)
                if value is True
                else format_html(' {}="{}"', name, value),
            )
            for name, value in attrs.items()
            if value is not False and value is not None
        ),
    )


class _WrittenInPython:
    """A widget whose `html` writes what its template would: `render` skips
    the form renderer and its templates (issue 12)."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        return self.html(self.get_context(name, value, attrs)["widget"])  # type: ignore[attr-defined]

    def html(self, widget: dict[str, Any]) -> SafeString:
        raise NotImplementedError


class QuickSelect(_WrittenInPython, forms.Select):
    """`forms.Select` whose options are written in Python, not one template
    each: a list's filter form of ~100 agencies took 7 ms to render through
    select_option.html (issue 12). The same HTML as Django's templates, which
    a test compares."""

    def html(self, widget: dict[str, Any]) -> SafeString:
        groups = []
        for group_name, choices, _index in widget["optgroups"]:
            options = format_html_join(
                "",
                '\n  <option value="{}"{}>{}</option>\n',
                (
                    (str(option["value"]), _attrs(option["attrs"]), option["label"])
                    for option in choices
                ),
            )
            if group_name:
                options = format_html(
                    '\n  <optgroup label="{}">{}\n  </optgroup>', group_name, options
                )
            groups.append((options,))
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            widget["name"],
            _attrs(widget["attrs"]),
            format_html_join("", "{}", groups),
        )


class QuickInputMixin(_WrittenInPython):
    """For an `forms.Input`: Django's input.html written in Python (a list's
    filter form has a dozen inputs whose translated attributes cost ~0.3 ms
    each through the templates, issue 12). The same HTML, which a test
    compares."""

    def html(self, widget: dict[str, Any]) -> SafeString:
        shown = (
            ""
            if widget["value"] is None
            else format_html(' value="{}"', str(widget["value"]))
        )
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            widget["name"],
            shown,
            _attrs(widget["attrs"]),
        )


class QuickTextInput(QuickInputMixin, forms.TextInput):
    pass


class QuickHiddenInput(QuickInputMixin, forms.HiddenInput):
    pass
