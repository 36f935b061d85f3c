"""Forms of the import pages: a task list, its column mapping, an edXML file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .legacy import FIELDS


class TaskListForm(forms.Form):
    file = forms.FileField(
        label=_("Task list (XLSX or CSV)"),
        help_text=_(
            "The spreadsheet the Office keeps: one row per task, any column order, "
            "several sheets allowed."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class MappingForm(forms.Form):
    """One choice per header of the file: the field it is imported as."""

    def __init__(
        self, *args: Any, headers: list[tuple[str, str, str | None]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.keys: dict[str, str] = {}
        choices = [("", _("— not imported —")), *FIELDS.items()]
        for index, (key, written, field) in enumerate(headers):
            name = f"column_{index}"
            self.keys[name] = key
            self.fields[name] = forms.ChoiceField(
                label=written or key, choices=choices, required=False, initial=field
            )

    def choices(self) -> dict[str, str]:
        """Header (folded) → field chosen ("" for not imported)."""
        return {self.keys[name]: value for name, value in self.cleaned_data.items()}


class EdxmlForm(forms.Form):
    file = forms.FileField(
        label=_("edXML message from the document system"),
        help_text=_("An .edxml or .xml file exported by the document system (QLVB)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".edxml,.xml"}),
    )
