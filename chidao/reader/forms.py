"""Forms of the reader pages: a document to read, then the review of its tasks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from chidao.tasks.forms import TaskRowForm

from .extract import extract_text

# Long enough for any directive; a pasted novel is not one.
MAX_TEXT = 400_000


class ReadForm(forms.Form):
    file = forms.FileField(
        label=_("Document file"),
        required=False,
        help_text=_("DOCX, or PDF with a text layer (not a scan)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.pdf,.txt"}),
    )
    text = forms.CharField(
        label=_("Or paste the text of the document"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 12}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(
                _("Choose a file or paste the text of the document."), code="empty"
            )
        return data

    def document_text(self) -> str:
        """The text to read; raises Refused for a file that cannot be read."""
        upload = self.cleaned_data.get("file")
        if upload:
            return extract_text(upload, upload.name or "")
        return self.cleaned_data["text"]


class SourceForm(forms.Form):
    """The text read, carried in the page so nothing is stored before confirming."""

    source_text = forms.CharField(
        widget=forms.HiddenInput, max_length=MAX_TEXT, strip=False
    )


class ReviewRowForm(TaskRowForm):
    """One proposed task: editable, removable, with where it was read from."""

    meta = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20_000)
    one_per_lead = forms.BooleanField(
        label=_("Also one task for each other lead agency"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["content"].widget.attrs["rows"] = 3

    def has_changed(self) -> bool:
        """An added row counts once it says what to do, who or by when."""
        return any(
            str(self.data.get(self.add_prefix(name), "")).strip()
            for name in ("content", "lead_agency", "deadline")
        )

    def task_values(self) -> dict[str, Any]:
        data = super().task_values()
        for name in ("meta", "one_per_lead", "DELETE"):
            data.pop(name, None)
        return data


ReviewFormSet = formset_factory(
    ReviewRowForm, extra=0, can_delete=True, max_num=60, absolute_max=80
)
