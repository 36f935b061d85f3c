"""The year view of the working-day calendar, and admins' entry of days."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .calendar import WorkCalendar
from .forms import DayOverrideForm, DayRemoveForm
from .selectors import special_days, year_months
from .services import can_edit_calendar, remove_day_override, set_day_override

MIN_YEAR, MAX_YEAR = 1995, 2100


def _year(value: str | None, today: date) -> int:
    if value and value.isdigit() and MIN_YEAR <= int(value) <= MAX_YEAR:
        return int(value)
    return today.year


def _render_year(
    request: HttpRequest, year: int, form: DayOverrideForm | None, status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    cal = WorkCalendar.load()
    editable = can_edit_calendar(request.user)
    if editable and form is None:
        form = DayOverrideForm()
    context = {
        "year": year,
        "months": year_months(year, cal, today=today),
        "special_days": special_days(year, cal),
        "previous_year": year - 1 if year > MIN_YEAR else None,
        "next_year": year + 1 if year < MAX_YEAR else None,
        "editable": editable,
        "form": form if editable else None,
    }
    return render(request, "workdays/year.html", context, status=status)


@login_required
def year(request: HttpRequest) -> HttpResponse:
    return _render_year(
        request, _year(request.GET.get("year"), timezone.localdate()), None
    )


def _check_admin(request: HttpRequest) -> None:
    if not can_edit_calendar(request.user):
        raise PermissionDenied


@require_POST
@login_required
def override_set(request: HttpRequest) -> HttpResponse:
    _check_admin(request)
    form = DayOverrideForm(request.POST)
    if not form.is_valid():
        shown = form.cleaned_data.get("day") or timezone.localdate()
        return _render_year(request, shown.year, form, status=422)
    day = form.cleaned_data["day"]
    set_day_override(
        day,
        kind=form.cleaned_data["kind"],
        reason=form.cleaned_data["reason"],
        by=request.user,
    )
    messages.success(
        request,
        _("Saved %(day)s in the calendar.") % {"day": day.strftime("%d/%m/%Y")},
    )
    return redirect(f"{reverse('workdays:year')}?year={day.year}")


@require_POST
@login_required
def override_remove(request: HttpRequest) -> HttpResponse:
    _check_admin(request)
    form = DayRemoveForm(request.POST)
    if not form.is_valid():
        return _render_year(request, timezone.localdate().year, None, status=422)
    day = form.cleaned_data["day"]
    if remove_day_override(day, by=request.user):
        messages.success(
            request,
            _("Removed %(day)s from the calendar.") % {"day": day.strftime("%d/%m/%Y")},
        )
    return redirect(f"{reverse('workdays:year')}?year={day.year}")
