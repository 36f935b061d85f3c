"""Task pages: lists, work queues, the task page with its actions, editing."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from chidao.accounts.models import AGENCY_ROLES, OFFICE_ROLES, Role
from chidao.accounts.permissions import role_required
from chidao.lib.bounds import TEXT_MAX
from chidao.lib.errors import DomainError, InvalidInput, StaleVersion
from chidao.lib.forms import apply_errors
from chidao.workdays.calendar import WorkCalendar

from . import directions, periodic, permissions, reach, services, workflow
from .forms import (
    SORTS,
    SubtaskForm,
    TaskEditForm,
    TaskFieldsForm,
    TaskFilterForm,
)
from .models import ExtensionRequest, Task, directives_visible_to
from .queue_details import add_details, return_reasons
from .selectors import (
    agency_queue_counts,
    agency_queues,
    count_tasks,
    decorate,
    filter_tasks,
    first_rows,
    office_queue_counts,
    office_queues,
    with_list_data,
)

PAGE_SIZE = 25
# Rows of each work queue shown on its page; the count says how many more
# there are. A list page's worth (UI.md) where tasks are decided in bulk
# (hand over, accept or return), the first ten elsewhere, as on the agency's
# dashboard.
DECIDED_IN_BULK = ("handover", "returned", "extensions", "new")
# The same, for the queue table's `decide_queues` (the "To decide" column).
DECIDED_IN_BULK_WORDS = " ".join(DECIDED_IN_BULK)
QUEUE_SHOWN = 10


def _shown(key: str) -> int:
    return PAGE_SIZE if key in DECIDED_IN_BULK else QUEUE_SHOWN


def _first_rows(
    queues: dict[str, Any], today: date, calendar: WorkCalendar
) -> dict[str, list[Task]]:
    """The rows each work queue shows, decorated once for the whole page."""
    rows = first_rows(queues, {key: _shown(key) for key in queues})
    # A task in several queues is one instance (`reach.first_pages`).
    unique = {id(task): task for shown in rows.values() for task in shown}
    decorate(list(unique.values()), today, calendar)
    return rows


SENT_TWICE = gettext_lazy(
    "The task changed after you opened this form (someone acted on it, or the "
    "form was sent twice). Check the history below before sending it again."
)


def _attachments_template() -> str | None:
    try:
        return select_template(["attachments/_panel.html"]).template.name
    except TemplateDoesNotExist:
        return None


def _visible_task(request: HttpRequest, pk: int) -> Task:
    return get_object_or_404(
        reach.visible_tasks(request.user).select_related(
            "directive",
            "directive__directing_leader",
            "lead_agency",
            "tracking_officer",
            "sector",
            "parent",
            "parent__lead_agency",
        ),
        pk=pk,
    )


def _page(request: HttpRequest, qs: Any, count: int | None = None) -> Any:
    paginator = Paginator(qs, PAGE_SIZE)
    if count is not None:
        # Counted by a cheaper query giving the same number (count_tasks).
        paginator.count = count
    return paginator.get_page(request.GET.get("page"))


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    """Every task the user may see, filtered and sorted from the URL."""
    today = timezone.localdate()
    calendar = WorkCalendar.load()
    form = TaskFilterForm(request.GET or None)
    params = form.cleaned_data if form.is_valid() else {}
    as_of = params.get("as_of") or today
    sort = params.get("sort") or "-created"
    if reach.serves(request.user, params, as_of=as_of):
        # Today's list: ordered and counted from today's rows (reach.listed).
        shown = reach.listed(
            request.user,
            params,
            with_list_data(Task.objects.all(), as_of),
            as_of=as_of,
            calendar=calendar,
        )
        page = _page(request, shown, shown.count())
    else:
        qs = with_list_data(Task.objects.visible_to(request.user), as_of)
        qs = filter_tasks(qs, params, as_of=as_of, calendar=calendar)
        count = count_tasks(request.user, params, as_of=as_of, calendar=calendar)
        page = _page(request, qs.order_by(*SORTS[sort]), count)
    page.object_list = decorate(page.object_list, as_of, calendar)
    can_urge = permissions.is_office(request.user) or permissions.is_leader(
        request.user
    )
    return render(
        request,
        "tasks/list.html",
        {
            "form": form,
            "page": page,
            "sort": sort,
            "today": today,
            "as_of": as_of,
            "can_urge": can_urge,
        },
    )


@require_POST
@role_required(*OFFICE_ROLES, Role.LEADER)
def urge_many(request: HttpRequest) -> HttpResponse:
    """Art. 9.1a: urge a selection of the list, once the user has confirmed."""
    back = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    back = back or reverse("tasks:list")
    ids = [int(i) for i in request.POST.getlist("task") if i.isdigit()][: PAGE_SIZE * 8]
    tasks = list(
        Task.objects.visible_to(request.user)
        .filter(pk__in=ids)
        .select_related("directive", "lead_agency", "parent", "parent__lead_agency")
        .order_by("id")
    )
    if not tasks:
        messages.error(request, _("Select the tasks to urge."))
        return redirect(back)
    message = request.POST.get("message", "").strip()[:TEXT_MAX]
    if request.POST.get("confirmed") != "1":
        step = workflow.STEPS["urge"]
        urgeable = [
            t
            for t in tasks
            if t.state in step.sources and step.allowed(request.user, t)
        ]
        return render(
            request,
            "tasks/urge_confirm.html",
            {
                "urgeable": urgeable,
                "skipped": [t for t in tasks if t not in urgeable],
                "message": message,
                "next": back,
            },
        )
    urged, skipped = workflow.urge_many(tasks, by=request.user, message=message)
    if urged:
        messages.success(
            request,
            ngettext(
                "%(n)d task has been urged.", "%(n)d tasks have been urged.", len(urged)
            )
            % {"n": len(urged)},
        )
    if skipped:
        messages.warning(
            request,
            ngettext(
                "%(n)d task was not urged: only open tasks handed over are.",
                "%(n)d tasks were not urged: only open tasks handed over are.",
                len(skipped),
            )
            % {"n": len(skipped)},
        )
    return redirect(back)


@role_required(*OFFICE_ROLES)
def my_work(request: HttpRequest) -> HttpResponse:
    """ "Việc của tôi": hand-overs due, returns, reports to check, overdue."""
    today = timezone.localdate()
    calendar = WorkCalendar.load()
    counts = office_queue_counts(request.user, today)
    rows = _first_rows(office_queues(request.user, today), today, calendar)
    groups = [
        (key, add_details(key, shown, today), counts[key])
        for key, shown in rows.items()
    ]
    return render(
        request,
        "tasks/my_work.html",
        {"groups": groups, "today": today, "decided_in_bulk": DECIDED_IN_BULK_WORDS},
    )


@role_required(Role.LEADER, Role.OFFICE_LEAD)
def awaiting_direction(request: HttpRequest) -> HttpResponse:
    """ "Chờ ý kiến chỉ đạo": what the Office asked a leader, with its age."""
    today = timezone.localdate()
    rows = directions.with_age(
        list(directions.awaiting(request.user)), today, WorkCalendar.load()
    )
    return render(
        request, "tasks/awaiting_direction.html", {"rows": rows, "today": today}
    )


@role_required(*AGENCY_ROLES)
def inbox(request: HttpRequest) -> HttpResponse:
    """ "Nhiệm vụ được giao": new, due soon, overdue, awaiting my report."""
    today = timezone.localdate()
    calendar = WorkCalendar.load()
    counts = agency_queue_counts(request.user, today, calendar)
    rows = _first_rows(agency_queues(request.user, today, calendar), today, calendar)
    groups = [(key, shown, counts[key]) for key, shown in rows.items()]
    # The leaders' latest directions on the agency's tasks, above its queues.
    latest = directions.visible_to(request.user).order_by("-at", "-id")[:10]
    return render(
        request,
        "tasks/inbox.html",
        {
            "groups": groups,
            "today": today,
            "directions": list(latest),
            "decided_in_bulk": DECIDED_IN_BULK_WORDS,
        },
    )


def _detail_context(
    request: HttpRequest, task: Task, forms: dict[str, Any] | None = None
) -> dict[str, Any]:
    today = timezone.localdate()
    calendar = WorkCalendar.load()
    user = request.user
    annotated = with_list_data(Task.objects.filter(pk=task.pk), today).get()
    decorate([annotated], today, calendar)
    for name in ("report_status", "handover_status", "dates", "badge"):
        setattr(task, name, getattr(annotated, name))
    forms = forms or {}
    steps = [
        (step, forms.get(step.name) or step.new_form(version=task.version, task=task))
        for step in workflow.allowed_steps(task, user)
    ]
    # Most tasks have none, and the list query costs ~8 ms to build and run.
    subtasks = (
        decorate(
            with_list_data(task.subtasks.all(), today).order_by("id"), today, calendar
        )
        if task.subtasks.exists()
        else []
    )
    subtask_form = None
    if permissions.can_create_subtask(user, task) and task.state == "accepted":
        subtask_form = forms.get("subtask") or SubtaskForm(parent=task)
        if not subtask_form.fields["lead_agency"].queryset.exists():
            subtask_form = None
    direction_form = next((f for s, f in steps if s.name == "direct"), None)
    if direction_form is not None and permissions.is_leader(user):
        direction_form.fields.pop("on_behalf_of", None)  # a leader writes their own
    return {
        "task": task,
        "today": today,
        # Comments and directions have panels of their own.
        "steps": [(s, f) for s, f in steps if s.name not in ("comment", "direct")],
        "comment_form": next((f for s, f in steps if s.name == "comment"), None),
        "direction_form": direction_form,
        "directions": list(directions.of_task(task)),
        "open_question": directions.open_question(task),
        # Art. 9.1a: how many times, and when, the agency was urged.
        "urges": list(
            task.events.filter(action="urge").select_related("actor").order_by("at")
        ),
        "reports": task.reports.select_related("by"),
        # Art. 8.1: officers' "done" reports awaiting or refused by the head.
        "sign_offs": task.sign_offs.exclude(state="approved").select_related(
            "by", "decided_by"
        ),
        "comments": task.comments.select_related("by"),
        "extensions": task.extensions.select_related("requested_by", "decided_by"),
        "open_extension": task.extensions.filter(
            state=ExtensionRequest.State.REQUESTED
        ).first(),
        "events": task.events.select_related("actor"),
        "periodic_updates": periodic.with_outcome(
            task.periodic_updates.filter(starts_on__lte=today), today
        ),
        "subtasks": subtasks,
        "subtask_form": subtask_form,
        "cooperating": list(task.cooperating_agencies.all()),
        "can_edit": permissions.can_edit(user, task) and task.is_open,
        "attachments_template": _attachments_template(),
    }


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = _visible_task(request, pk)
    return render(request, "tasks/detail.html", _detail_context(request, task))


@require_POST
@login_required
def task_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One workflow step from the task page; the form asks what the rule needs."""
    task = _visible_task(request, pk)
    step = workflow.STEPS.get(action)
    if step is None:
        raise PermissionDenied
    if not step.allowed(request.user, task):  # before the form: it is not theirs
        messages.error(request, str(step.refusal))
        context = _detail_context(request, task)
        return render(request, "tasks/detail.html", context, status=403)
    form = step.new_form(request.POST)
    status = 422
    if form.is_valid():
        try:
            workflow.perform(
                task,
                action,
                by=request.user,
                data=form.step_data(),
                expected_version=form.cleaned_data.get("version"),
            )
        except InvalidInput as exc:
            apply_errors(form, exc)
        except StaleVersion:
            messages.error(request, SENT_TWICE)
            status = 409
            form = _resend(request, step, pk)
            task = _visible_task(request, pk)
        except DomainError as exc:
            messages.error(request, exc.message)
            status = exc.status
            form = _resend(request, step, pk)
            task = _visible_task(request, pk)
        else:
            messages.success(request, step.done)
            return redirect(_back_to(request) or task)
    if status == 422:
        messages.error(request, _("Please correct the errors below."))
    context = _detail_context(request, task, {action: form})
    return render(request, "tasks/detail.html", context, status=status)


def _back_to(request: HttpRequest) -> str | None:
    """The queue the step was taken from (accept from the inbox), if ours."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def _resend(request: HttpRequest, step: workflow.Step, pk: int) -> Any:
    """The form as typed, now against the task as it is: sent again, it is a
    deliberate second request."""
    data = request.POST.copy()
    task = _visible_task(request, pk)
    data[f"{step.name}-version"] = task.version
    return step.new_form(data)


@require_POST
@login_required
def subtask_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Art. 9.2: hand part of the task to one of the agency's units."""
    task = _visible_task(request, pk)
    if not permissions.can_create_subtask(request.user, task):
        raise PermissionDenied
    form = SubtaskForm(request.POST, parent=task)
    if form.is_valid():
        try:
            sub = services.create_subtask(task, by=request.user, **form.cleaned_data)
        except InvalidInput as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The sub-task has been handed to %(unit)s.")
                % {"unit": sub.lead_agency},
            )
            return redirect(task)
    context = _detail_context(request, task, {"subtask": form})
    return render(request, "tasks/detail.html", context, status=422)


@login_required
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit with the version read; a stale save keeps the input and says why."""
    task = _visible_task(request, pk)
    if not permissions.can_edit(request.user, task):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = TaskEditForm(request.POST)
        status = 422
        if form.is_valid():
            values = form.task_values()
            version = values.pop("version")
            try:
                services.update_task(task, by=request.user, version=version, **values)
            except DomainError as exc:
                # A stale save (409) keeps what was typed and says why.
                apply_errors(form, exc)
                status = exc.status
            else:
                messages.success(request, _("The task has been saved."))
                return redirect(task)
    else:
        form = TaskEditForm(
            initial={**TaskEditForm.initial_for(task), "version": task.version}
        )
    return render(
        request,
        "tasks/edit.html",
        {"task": task, "form": form, "return_reason": _return_reason(task)},
        status=status,
    )


def _return_reason(task: Task) -> str:
    """Shown on the edit page of a task that came back (Art. 6.2a)."""
    if task.state not in (Task.State.RETURNED, Task.State.DRAFT):
        return ""
    return return_reasons([task.pk]).get(task.pk, "")


@role_required(*OFFICE_ROLES)
def task_create(request: HttpRequest) -> HttpResponse:
    """Add one task to an existing directive."""
    directive = get_object_or_404(
        directives_visible_to(request.user), pk=request.GET.get("directive") or 0
    )
    status = 200
    if request.method == "POST":
        form = TaskFieldsForm(request.POST)
        status = 422
        if form.is_valid():
            try:
                task = services.create_task(
                    directive=directive, by=request.user, **form.task_values()
                )
            except InvalidInput as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The task has been added as a draft."))
                return redirect(task)
    else:
        form = TaskFieldsForm(initial={"tracking_officer": request.user.pk})
    return render(
        request,
        "tasks/create.html",
        {"directive": directive, "form": form},
        status=status,
    )
