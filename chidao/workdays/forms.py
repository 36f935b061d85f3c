from django import forms
from django.utils.translation import gettext_lazy as _

from chidao.lib.dates import DayField

from .models import DayKind

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class DayOverrideForm(forms.Form):
    day = DayField(label=_("Day"))
    kind = forms.ChoiceField(
        label=_("Kind"), choices=DayKind.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("E.g. the announcement: Thông báo số …/TB-BNV."),
    )


class DayRemoveForm(forms.Form):
    day = forms.DateField(input_formats=DATE_FORMATS, widget=forms.HiddenInput)
