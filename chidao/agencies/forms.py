from django import forms
from django.utils.translation import gettext_lazy as _

from chidao.lib.dates import DayField

from .models import Agency


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("Merge into (successor)"), queryset=Agency.objects.active()
    )
    effective_on = DayField(label=_("Effective on"))
    note = forms.CharField(label=_("Note"), widget=forms.Textarea, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("XLSX or CSV file"),
        help_text=_(
            "Columns: ma, ten, ten_viet_tat, loai, co_quan_cap_tren, hieu_luc_tu."
        ),
    )
