"""The directive form (Art. 5.1 a-b), with the classified refusal next to its field."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chidao.accounts.models import Role, User
from chidao.agencies.models import Agency
from chidao.lib.bounds import TEXT_MAX
from chidao.lib.dates import DayField

from .models import Directive
from .validation import CLASSIFIED, CLASSIFIED_MESSAGE, check_issued_on, clean_number


class DirectiveForm(forms.Form):
    # The version the editor read; empty on a new directive.
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    classification = forms.ChoiceField(
        label=_("Security classification"),
        choices=Directive.Classification.choices,
        initial=Directive.Classification.THUONG,
        help_text=_("Classified documents are not entered in the system (Art. 5.2)."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of document"), choices=Directive.Kind.choices
    )
    number = forms.CharField(
        label=_("Number and symbol"),
        max_length=64,
        help_text=_("For example 672/QĐ-UBND."),
    )
    issued_on = DayField(label=_("Issue date"))
    summary = forms.CharField(
        label=pgettext_lazy("directive", "Summary"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    signer = forms.CharField(label=_("Signer"), max_length=150, required=False)
    directing_leader = forms.ModelChoiceField(
        label=_("Directing leader"), queryset=User.objects.none(), required=False
    )
    proposing_agency = forms.ModelChoiceField(
        label=_("Proposing agency"), queryset=Agency.objects.none(), required=False
    )
    needs_opinions = forms.BooleanField(
        label=_("Needs other agencies' opinions"),
        required=False,
        help_text=_("Allows 10 working days for the hand-over (Art. 7.1)."),
    )

    def __init__(self, *args: Any, today: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["directing_leader"].queryset = User.objects.with_role(
            Role.LEADER
        ).order_by("full_name")
        self.fields["proposing_agency"].queryset = Agency.objects.active()

    def clean_classification(self) -> str:
        value = self.cleaned_data["classification"]
        # Art. 5.2: refused here, next to the field, before anything is stored.
        if value in CLASSIFIED:
            raise ValidationError(CLASSIFIED_MESSAGE, code="classified")
        return value

    def clean_number(self) -> str:
        return clean_number(self.cleaned_data["number"])

    def clean_issued_on(self) -> date:
        value = self.cleaned_data["issued_on"]
        check_issued_on(value, self.today)
        return value

    @property
    def is_classified(self) -> bool:
        return any(
            e.code == "classified"
            for e in self.errors.as_data().get("classification", [])
        )

    def directive_values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class DirectiveFilterForm(forms.Form):
    q = forms.CharField(label=_("Text"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind of document"),
        choices=[("", "—"), *Directive.Kind.choices],
        required=False,
    )
    date_from = DayField(label=_("Issued from"), required=False)
    date_to = DayField(label=_("Issued to"), required=False)
