"""Directive pages: list, page with its tasks, new directive with its tasks.

They live here, above `directives` and `tasks`, because a directive's page is
about its tasks: who may see it, what is handed over, what is late.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import formset_factory
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from chidao.accounts.models import OFFICE_ROLES
from chidao.accounts.permissions import role_required
from chidao.directives.forms import DirectiveFilterForm, DirectiveForm
from chidao.directives.models import Directive
from chidao.directives.selectors import filter_directives
from chidao.directives.services import can_record_directives
from chidao.lib.errors import DomainError, InvalidInput
from chidao.lib.forms import apply_errors
from chidao.tasks import directions, permissions, workflow
from chidao.tasks import services as task_services
from chidao.tasks.forms import DirectionForm, TaskRowForm
from chidao.tasks.models import Task, directives_visible_to
from chidao.tasks.selectors import decorate, with_list_data
from chidao.workdays.calendar import WorkCalendar

from .services import record_directive, update_directive

TaskRowFormSet = formset_factory(TaskRowForm, extra=3, max_num=60)
ROWS_ADDED = 3


def _url(name: str) -> str | None:
    """The page of an app above this one, when it is installed."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _attachments_template() -> str | None:
    try:
        return select_template(["attachments/_panel.html"]).template.name
    except TemplateDoesNotExist:
        return None


@login_required
def directive_list(request: HttpRequest) -> HttpResponse:
    form = DirectiveFilterForm(request.GET or None)
    qs = directives_visible_to(request.user).select_related(
        "directing_leader", "proposing_agency"
    )
    data = form.cleaned_data if form.is_valid() else {}
    qs = filter_directives(
        qs,
        q=data.get("q") or "",
        kind=data.get("kind") or "",
        issued_from=data.get("date_from"),
        issued_to=data.get("date_to"),
    )
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "directives/list.html",
        {
            "form": form,
            "page": page,
            "can_create": can_record_directives(request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
def directive_detail(
    request: HttpRequest, pk: int, direction_form: DirectionForm | None = None
) -> HttpResponse:
    directive = get_object_or_404(
        directives_visible_to(request.user).select_related(
            "directing_leader", "proposing_agency", "created_by"
        ),
        pk=pk,
    )
    today = timezone.localdate()
    calendar = WorkCalendar.load()
    tasks = Task.objects.visible_to(request.user).filter(directive=directive)
    rows = decorate(
        with_list_data(tasks, today).order_by("parent_id", "id"), today, calendar
    )
    drafts = sum(1 for t in rows if t.state == Task.State.DRAFT and not t.parent_id)
    handed = [t.handed_over_at for t in rows if t.handed_over_at and not t.parent_id]
    due = directive.handover_due_on
    handover_late = due is not None and (
        (drafts and today > due) or any(timezone.localdate(at) > due for at in handed)
    )
    is_office = can_record_directives(request.user)
    if direction_form is None and permissions.can_direct(request.user):
        direction_form = DirectionForm(prefix="direct")
    if direction_form is not None and permissions.is_leader(request.user):
        direction_form.fields.pop("on_behalf_of", None)  # a leader writes their own
    return render(
        request,
        "directives/detail.html",
        {
            # On its tasks the user may see, and on the whole directive.
            "directions": list(
                directions.visible_to(request.user)
                .filter(directive=directive)
                .order_by("-at", "-id")
            ),
            "direction_form": direction_form,
            "directive": directive,
            "tasks": rows,
            "drafts": drafts,
            "handover_late": handover_late,
            "can_hand_over": is_office and drafts > 0,
            "hand_over_confirm": _hand_over_question(rows) if drafts else "",
            "can_edit": is_office,
            "attachments_template": _attachments_template(),
            "today": today,
            "report_url": _report_url(directive) if request.user.reads_all else "",
        },
    )


def _hand_over_question(rows: list[Task]) -> str:
    """How many drafts go to whom, asked before all of them are handed over."""
    agencies = Counter(
        t.lead_agency.short_name or t.lead_agency.name
        for t in rows
        if t.state == Task.State.DRAFT and not t.parent_id
    )
    total = sum(agencies.values())
    whom = ", ".join(f"{name} ({n})" for name, n in agencies.most_common())
    return ngettext(
        "Hand over %(n)s task to: %(whom)s?",
        "Hand over %(n)s tasks to: %(whom)s?",
        total,
    ) % {"n": total, "whom": whom}


def _report_url(directive: Directive) -> str:
    """The periodic report narrowed to this directive (Art. 9.1a)."""
    try:
        base = reverse("reports:periodic")
    except NoReverseMatch:
        return ""
    day = directive.issued_on.isoformat()
    return f"{base}?" + urlencode(
        {"period": "range", "from": day, "to": day, "directive": directive.pk}
    )


def _row_kwargs(request: HttpRequest) -> dict[str, Any]:
    return {
        "initial": {
            "tracking_officer": request.user.pk,
            "kind": Task.Kind.DEADLINE_REPORT,
        }
    }


def _filled_rows(formset: Any) -> list[TaskRowForm]:
    return [f for f in formset.forms if f.has_changed() and f.cleaned_data]


def _check_rows_against(form: DirectiveForm, rows: list[TaskRowForm]) -> bool:
    """Rules that need the directive (a deadline before its issue date)."""
    issued_on = form.cleaned_data["issued_on"]
    probe = Directive(issued_on=issued_on)
    ok = True
    for row in rows:
        values = row.task_values()
        errors = task_services.task_field_errors(
            directive=probe,
            kind=values["kind"],
            deadline=values["deadline"],
            period=values["period"],
            lead_agency=values["lead_agency"],
            cooperating_agencies=values["cooperating_agencies"],
            tracking_officer=values["tracking_officer"],
        )
        if errors:
            apply_errors(row, InvalidInput(errors))
            ok = False
    return ok


@role_required(*OFFICE_ROLES)
def directive_create(request: HttpRequest) -> HttpResponse:
    """Art. 5.1, 6.1: the directive and its tasks on one page, saved together."""
    today = timezone.localdate()
    context: dict[str, Any] = {
        "reader_url": _url("reader:start"),
        "edxml_url": _url("imports:receive"),
        "validate": True,
    }
    status = 200
    if request.method != "POST":
        form = DirectiveForm(today=today)
        formset = TaskRowFormSet(prefix="tasks", form_kwargs=_row_kwargs(request))
        context["validate"] = False
    elif "add_rows" in request.POST:
        # Without JavaScript: the same page with more empty rows, nothing lost.
        data = request.POST.copy()
        total = int(data.get("tasks-TOTAL_FORMS") or 0)
        data["tasks-TOTAL_FORMS"] = str(min(total + ROWS_ADDED, 60))
        form = DirectiveForm(data, today=today)
        formset = TaskRowFormSet(data, prefix="tasks", form_kwargs=_row_kwargs(request))
        context["validate"] = False
    else:
        form = DirectiveForm(request.POST, today=today)
        formset = TaskRowFormSet(
            request.POST, prefix="tasks", form_kwargs=_row_kwargs(request)
        )
        status = 422
        valid = form.is_valid() & formset.is_valid()
        rows = _filled_rows(formset) if formset.is_valid() else []
        if valid and _check_rows_against(form, rows):
            directive = _save_directive(request, form, rows)
            if directive is not None:
                messages.success(
                    request,
                    ngettext(
                        "The directive and %(n)d task (draft) have been recorded.",
                        "The directive and %(n)d tasks (draft) have been recorded.",
                        len(rows),
                    )
                    % {"n": len(rows)},
                )
                return redirect(directive)
        if form.is_bound and "classification" in form.errors:
            status = 422
    context.update({"form": form, "formset": formset})
    return render(request, "directives/create.html", context, status=status)


@role_required(*OFFICE_ROLES)
def directive_task_row(request: HttpRequest) -> HttpResponse:
    """One more empty task row for the directive form, added in place by htmx;
    the count of rows the formset reads is swapped out of band beside it."""
    try:
        index = int(request.GET.get("tasks-TOTAL_FORMS", ""))
    except ValueError:
        index = -1
    if not 0 <= index < TaskRowFormSet.max_num:
        return HttpResponse(status=204)
    row = TaskRowForm(prefix=f"tasks-{index}", **_row_kwargs(request))
    return render(
        request,
        "directives/_task_row_added.html",
        {"row": row, "n": index + 1, "total": index + 1, "validate": False},
    )


def _save_directive(
    request: HttpRequest, form: DirectiveForm, rows: list[TaskRowForm]
) -> Directive | None:
    """Save all or nothing; put any refusal next to its field."""
    try:
        return record_directive(
            form.directive_values(),
            tasks=[row.task_values() for row in rows],
            by=request.user,
            source=Directive.Source.PAGE,
        ).directive
    except InvalidInput as exc:
        apply_errors(form if exc.row is None else rows[exc.row], exc)
    except DomainError as exc:
        apply_errors(form, exc)
    return None


def _directive_initial(directive: Directive) -> dict[str, Any]:
    return {
        "classification": Directive.Classification.THUONG,
        "kind": directive.kind,
        "number": directive.number,
        "issued_on": directive.issued_on,
        "summary": directive.summary,
        "signer": directive.signer,
        "directing_leader": directive.directing_leader_id,
        "proposing_agency": directive.proposing_agency_id,
        "needs_opinions": directive.needs_opinions,
        "version": directive.version,
    }


@role_required(*OFFICE_ROLES)
def directive_edit(request: HttpRequest, pk: int) -> HttpResponse:
    directive = get_object_or_404(directives_visible_to(request.user), pk=pk)
    status = 200
    if request.method == "POST":
        form = DirectiveForm(request.POST)
        status = 422
        if form.is_valid():
            values = form.directive_values()
            values.pop("classification")
            try:
                update_directive(
                    directive,
                    by=request.user,
                    version=form.cleaned_data.get("version"),
                    **values,
                )
            except DomainError as exc:
                # What the user typed stays in the form (SECURITY.md 52).
                apply_errors(form, exc)
                status = exc.status
            else:
                messages.success(request, _("The directive has been saved."))
                return redirect(directive)
    else:
        form = DirectiveForm(initial=_directive_initial(directive))
    return render(
        request,
        "directives/edit.html",
        {"directive": directive, "form": form},
        status=status,
    )


@require_POST
@login_required
def directive_direct(request: HttpRequest, pk: int) -> HttpResponse:
    """Art. 9.1c: a leader's direction on the whole directive."""
    directive = get_object_or_404(directives_visible_to(request.user), pk=pk)
    if not permissions.can_direct(request.user):
        raise PermissionDenied
    form = DirectionForm(request.POST, prefix="direct")
    if form.is_valid():
        try:
            directions.direct_directive(
                directive, by=request.user, data=form.step_data()
            )
        except InvalidInput as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The direction has been sent."))
            return redirect(directive)
    messages.error(request, _("Please correct the errors below."))
    response = directive_detail(request, pk, direction_form=form)
    response.status_code = 422
    return response


@require_POST
@login_required
def directive_hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    """One "Chuyển theo dõi" for every draft task of the directive."""
    directive = get_object_or_404(directives_visible_to(request.user), pk=pk)
    if not can_record_directives(request.user):
        raise PermissionDenied
    count = workflow.hand_over_all(directive, by=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "%(n)d task has been handed over.",
                "%(n)d tasks have been handed over.",
                count,
            )
            % {"n": count},
        )
    else:
        messages.info(request, _("There is no draft task to hand over."))
    return redirect(directive)
