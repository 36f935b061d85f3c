"""The period picker of the report pages: parsing only."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from chidao.lib.dates import DayField

from .periods import HALF_YEAR, QUARTER, RANGE, YEAR, Period, quarter_of
from .queries import GROUP_BY_CHOICES

FIRST_YEAR = 2019  # Regulation 672/QĐ-UBND dates from 2019.

PERIOD_CHOICES = [
    ("q1", _("Quarter I")),
    ("q2", _("Quarter II")),
    ("q3", _("Quarter III")),
    ("q4", _("Quarter IV")),
    ("h1", _("First half-year")),
    ("h2", _("Second half-year")),
    ("year", _("Whole year")),
    ("range", _("Date range")),
]
GROUP_LABELS = {
    "agency": _("Lead agency"),
    "leader": _("Directing leader"),
    "sector": _("Sector"),
}


class PeriodForm(forms.Form):
    """Quarter, half-year, year or range of directive issue dates, and as-of day."""

    period = forms.ChoiceField(
        label=_("Period"), choices=PERIOD_CHOICES, required=False
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    as_of = DayField(label=_("Status as of"), required=False)

    def __init__(self, data: Any = None, *, today: date, **kwargs: Any) -> None:
        if data is not None:
            # A bound picker still shows the defaults of what was left out.
            data = data.copy()
            for name, value in self.defaults(today).items():
                if not data.get(name):
                    data[name] = value
        super().__init__(data, **kwargs)
        self.today = today
        # `from`/`to` are keywords in Python, so they are added by name.
        self.fields["from"] = DayField(label=_("From"), required=False)
        self.fields["to"] = DayField(label=_("To"), required=False)
        # A range as wide as the year picker's: dates at the ends of the
        # calendar would overflow the sign-in and report counts.
        for name in ("from", "to"):
            self.fields[name].validators += [
                MinValueValidator(date(FIRST_YEAR, 1, 1)),
                MaxValueValidator(date(today.year + 1, 12, 31)),
            ]
        self.fields["year"].choices = [
            (y, y) for y in range(today.year + 1, FIRST_YEAR - 1, -1)
        ]
        self.fields["period"].initial = f"q{quarter_of(today)}"
        self.fields["year"].initial = today.year
        self.fields["as_of"].initial = today

    @staticmethod
    def defaults(today: date) -> dict[str, str]:
        return {
            "period": f"q{quarter_of(today)}",
            "year": str(today.year),
            "as_of": today.isoformat(),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        as_of = data.get("as_of") or self.today
        choice = data.get("period") or f"q{quarter_of(self.today)}"
        year = data.get("year") or self.today.year
        if choice == RANGE:
            start, end = data.get("from"), data.get("to")
            if "from" in self.errors or "to" in self.errors:
                return data
            if start is None or end is None:
                raise forms.ValidationError(
                    _("Give both the first and the last day of the range."),
                    code="range",
                )
            if start > end:
                self.add_error("to", _("The last day must not be before the first."))
                return data
            data["period_obj"] = Period.from_range(start, end, as_of=as_of)
        elif choice == "year":
            data["period_obj"] = Period.of(YEAR, year, as_of=as_of)
        else:
            kind = QUARTER if choice.startswith("q") else HALF_YEAR
            data["period_obj"] = Period.of(kind, year, int(choice[1]), as_of=as_of)
        return data

    @property
    def period_value(self) -> Period:
        """The period chosen, or this quarter when the form is not bound."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["period_obj"]
        return Period.this_quarter(self.today)


class PeriodicForm(PeriodForm):
    """The periodic report page adds the grouping of its second table."""

    group_by = forms.ChoiceField(
        label=_("Group by"),
        choices=[(g, GROUP_LABELS[g]) for g in GROUP_BY_CHOICES],
        required=False,
        initial="agency",
    )


class ReportScheduleForm(forms.ModelForm):
    """Art. 13: which periodic report goes to whom (office lead)."""

    class Meta:
        from .models import ReportSchedule

        model = ReportSchedule
        fields = ["frequency", "recipients", "to_all_leaders", "day"]
        help_texts = {
            "recipients": _("Hold Ctrl to choose several."),
            "day": _(
                "Sent on this day of the month after the period ends, with the "
                "status as of the day before."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from chidao.accounts.models import OFFICE_ROLES, Role, User

        super().__init__(*args, **kwargs)
        # The leaders and the Office: who reads the reports.
        self.fields["recipients"].queryset = (
            User.objects.with_role(Role.LEADER, *OFFICE_ROLES)
            .filter(is_active=True)
            .distinct()
            .order_by("full_name", "username")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("recipients") and not data.get("to_all_leaders"):
            raise forms.ValidationError(_("Choose who receives the report."))
        return data
