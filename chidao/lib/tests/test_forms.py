"""The quick widgets write the HTML Django's widget templates write."""

from __future__ import annotations

import pytest
from django import forms
from django.utils.translation import override

from chidao.lib.dates import DayInput
from chidao.lib.forms import QuickHiddenInput, QuickSelect, QuickTextInput

CHOICES = [
    ("", "—"),
    ("a", 'Sở <Tài chính> & "Kế hoạch"'),
    (3, "ba"),
    ("Nhóm", [("x", "X"), ("y", "Y")]),
]


class Plain(forms.TextInput):
    """Django's own text input, with the same defaults as DayInput."""


@pytest.mark.parametrize("value", [None, "", "a", 3, "y", "<b>"])
@pytest.mark.parametrize(
    "attrs",
    [None, {"id": "id_f", "required": True, "disabled": False, "data-x": '1"2'}],
)
def test_select_is_djangos(value, attrs):
    quick = QuickSelect(choices=CHOICES).render("f", value, attrs)
    django = forms.Select(choices=CHOICES).render("f", value, attrs)
    assert quick == django


def test_select_in_a_bound_model_form_field_is_djangos():
    class Form(forms.Form):
        state = forms.ChoiceField(choices=CHOICES[:3], required=False)
        quick = forms.ChoiceField(
            choices=CHOICES[:3], required=False, widget=QuickSelect
        )

    form = Form({"state": "a", "quick": "a"})
    assert str(form["quick"]).replace("quick", "state") == str(form["state"])


@pytest.mark.parametrize("value", [None, "", "12/05/2026", '"><script>'])
def test_inputs_are_djangos(value):
    attrs = {"id": "id_d", "required": True, "autofocus": False, "maxlength": 10}
    assert QuickTextInput().render("d", value, attrs) == forms.TextInput().render(
        "d", value, attrs
    )
    assert QuickHiddenInput().render("d", value, attrs) == forms.HiddenInput().render(
        "d", value, attrs
    )


def test_day_input_with_translated_attributes_is_djangos():
    class DjangoDayInput(forms.TextInput):
        def __init__(self):
            super().__init__(attrs=DayInput().attrs)

    with override("vi"):
        assert DayInput().render("day", "01/02/2026", {"id": "x"}) == (
            DjangoDayInput().render("day", "01/02/2026", {"id": "x"})
        )
