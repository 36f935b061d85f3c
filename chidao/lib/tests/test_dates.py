"""The one date field: dd/mm/yyyy read on the server, never day and month swapped."""

import importlib
import inspect
import pkgutil
from datetime import date

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

import chidao
from chidao.lib.dates import (
    DateImpossible,
    DateUnreadable,
    DayField,
    DayInput,
    parse_day,
    show_partial,
)


@pytest.mark.parametrize(
    "typed",
    [
        "02/12/2026",
        "2/12/2026",
        "02122026",
        " 02/12/2026 ",
        "2.12.2026",
        "2-12-2026",
        "2026-12-02",
    ],
)
def test_every_accepted_spelling_reads_as_2_december(typed: str) -> None:
    assert parse_day(typed) == date(2026, 12, 2)


@pytest.mark.parametrize(
    "typed", ["12/31/2026", "31/02/2026", "00/01/2026", "31042026"]
)
def test_a_month_past_12_or_a_missing_day_is_refused_never_swapped(typed: str) -> None:
    with pytest.raises(DateImpossible):
        parse_day(typed)


@pytest.mark.parametrize("typed", ["2/12/26", "hôm qua", "2122026", "12/2026", "2026"])
def test_what_is_no_date_is_unreadable(typed: str) -> None:
    with pytest.raises(DateUnreadable):
        parse_day(typed)


class _Form(forms.Form):
    day = DayField(label="Ngày")


def test_the_field_shows_dd_mm_yyyy_and_keeps_what_was_typed_on_refusal() -> None:
    with translation.override("vi"):
        shown = _Form(initial={"day": date(2026, 12, 2)}).as_p()
        assert 'value="02/12/2026"' in shown
        assert 'type="text"' in shown and 'type="date"' not in shown
        refused = _Form({"day": "31/13/2026"})
        assert not refused.is_valid()
        assert refused.errors["day"] == [
            "31/13/2026 không phải là một ngày có thật (dd/mm/yyyy)."
        ]
        assert 'value="31/13/2026"' in refused.as_p()
        unreadable = _Form({"day": "mai"})
        assert not unreadable.is_valid()
        assert "02/12/2026" in unreadable.errors["day"][0]
    assert _Form({"day": "02122026"}).is_valid()


def test_the_1945_2100_bounds_still_apply() -> None:
    form = _Form({"day": "01/01/1900"})
    assert not form.is_valid()


def test_partial_dates_read_as_month_and_year() -> None:
    with translation.override("vi"):
        assert show_partial("2026-06") == "tháng 6/2026"
        assert show_partial("2026") == "năm 2026"
        out = Template("{% load chidao_dates %}{{ v|partial_date }}").render(
            Context({"v": "2026-06"})
        )
        assert out == "tháng 6/2026"


def _form_classes() -> list[type[forms.Form]]:
    found = []
    for info in pkgutil.walk_packages(chidao.__path__, "chidao."):
        if not info.name.endswith(".forms") or ".tests" in info.name:
            continue
        module = importlib.import_module(info.name)
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__:
                found.append(obj)
    return found


def test_every_visible_date_field_of_every_form_is_the_one_date_field() -> None:
    classes = _form_classes()
    assert len(classes) > 5
    for form_class in classes:
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.DateField) and not field.widget.is_hidden:
                assert isinstance(field, DayField), f"{form_class.__name__}.{name}"
                assert isinstance(field.widget, DayInput)
