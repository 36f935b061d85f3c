"""Report pages: leaders' dashboard, agency dashboard, periodic and usage reports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.http import require_POST

from chidao.accounts.models import AGENCY_ROLES, OFFICE_ROLES, Role
from chidao.accounts.permissions import role_required
from chidao.attachments.models import Attachment
from chidao.lib.bounds import TEXT_MAX
from chidao.lib.ratelimit import rate_limited
from chidao.tasks import standing
from chidao.tasks.forms import SORTS, TaskFilterForm
from chidao.tasks.models import Task
from chidao.tasks.selectors import (
    agency_queue_counts,
    agency_queues,
    filter_tasks,
    first_rows,
    with_list_data,
)
from chidao.tasks.standing import ReportStatus

from . import builds, documents, exports, filed_documents, filing, streaming
from .filters import LIST_FILTERS, list_filters, scope_line
from .forms import GROUP_LABELS, PeriodForm, PeriodicForm, ReportScheduleForm
from .links import attach_links, handover_links, list_url, summary_links
from .models import ReportBuild, ReportSchedule
from .periods import Period
from .queries import (
    STATUSES,
    SummaryResult,
    period_handover,
    period_overdue_tasks,
    period_params,
    period_summaries,
    period_summary,
    summary,
    usage,
)

READERS = (*OFFICE_ROLES, Role.LEADER, Role.ADMIN)
# The link to `task_list_xlsx` on the task list page (tasks/list.html).
EXPORT_LINK = gettext_noop("Export to Excel")
OVERDUE_SHOWN = 10
CHART_AGENCIES = 20


def _period_form(
    request: HttpRequest, form_class: type[PeriodForm] = PeriodForm
) -> tuple[PeriodForm, Period | None]:
    """The bound picker and its period; None when the input is wrong."""
    today = timezone.localdate()
    form = form_class(request.GET or None, today=today)
    if form.is_bound and not form.is_valid():
        return form, None
    return form, form.period_value


def _hidden_filters(request: HttpRequest) -> list[tuple[str, str]]:
    """The list filters of the URL, kept when the period picker is sent again."""
    return [
        (name, value)
        for name in LIST_FILTERS
        for value in request.GET.getlist(name)
        if value
    ]


def _invalid(request: HttpRequest, template: str, form: PeriodForm) -> HttpResponse:
    return render(request, template, {"form": form}, status=422)


def _status_cards(totals: Any) -> list[dict[str, Any]]:
    return [
        {
            "key": s,
            "label": ReportStatus(s).label,
            "count": totals.counts.get(s, 0),
            "url": totals.links[s],
        }
        for s in STATUSES
    ]


# The chart's split of each agency's tasks: a few bands in the UI.md colours.
CHART_BANDS = [
    ("done_on_time", (ReportStatus.DONE_ON_TIME, ReportStatus.AWAITING_CONFIRMATION)),
    (
        "done_late",
        (ReportStatus.DONE_LATE, ReportStatus.AWAITING_CONFIRMATION_LATE),
    ),
    ("on_track", (ReportStatus.ON_TRACK, ReportStatus.NOT_STARTED)),
    ("overdue", standing.OPEN_OVERDUE),
    (
        "no_deadline",
        (ReportStatus.DONE_NO_DEADLINE, ReportStatus.ONGOING_NO_DEADLINE),
    ),
]
CHART_BAND_LABELS = {
    "done_on_time": gettext_lazy("Done on time (confirmed or reported)"),
    "done_late": gettext_lazy("Done late (confirmed or reported)"),
    "on_track": gettext_lazy("Within the deadline"),
    "overdue": gettext_lazy("Overdue, not done"),
    "no_deadline": gettext_lazy("No deadline"),
}


def _chart_data(totals: Any, agencies: SummaryResult) -> dict[str, Any]:
    """Status totals and every agency's split with its rate, for reports.js."""
    return {
        "rate_label": str(_("On-time rate")),
        "statuses": [
            {"key": s, "label": str(ReportStatus(s).label), "count": totals.counts[s]}
            for s in STATUSES
        ],
        "bands": [
            {"key": key, "label": str(CHART_BAND_LABELS[key])}
            for key, _members in CHART_BANDS
        ],
        "agencies": [
            {
                "name": r.name,
                "rate": None
                if r.on_time_rate is None
                else round(r.on_time_rate * 100, 1),
                "split": [
                    sum(r.counts[s] for s in members) for _k, members in CHART_BANDS
                ],
            }
            for r in agencies.rows[:CHART_AGENCIES]
        ],
    }


@role_required(*READERS)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Leaders and the Office: who delivers, for a period (this quarter by default)."""
    form, period = _period_form(request)
    if period is None:
        return _invalid(request, "reports/dashboard.html", form)
    as_of = period.as_of
    filters, _errors = list_filters(request.GET)
    base = {**filters, **period_params(period.start, period.end, as_of)}
    # Directing leader x sector stays small: both come from one query.
    # One pass over the period: agencies, and directing leader x sector.
    grouped = period_summaries(
        request.user,
        base,
        as_of=as_of,
        groups=("agency",),
        also=(("leader", "sector"),),
    )
    totals = grouped["agency"].totals
    for group_by, result in grouped.items():
        attach_links(result.rows, base, group_by)
        result.totals.links = summary_links(base, result.totals, None)
    handover_rows, handover_totals = period_handover(request.user, base, as_of=as_of)
    for row in handover_rows:
        row.links = handover_links(base, row)
    handover_totals.links = handover_links(base, handover_totals, total=True)
    context = {
        "form": form,
        "hidden_filters": _hidden_filters(request),
        "scope": scope_line(filters),
        "period": period,
        "totals": totals,
        "cards": _status_cards(totals),
        "grouped": grouped,
        "overdue": period_overdue_tasks(
            request.user, base, as_of=as_of, limit=OVERDUE_SHOWN
        ),
        "overdue_url": list_url(
            {
                **base,
                "counted": True,
                "report_status": "overdue_open",
                "sort": "deadline",
            }
        ),
        "handover_rows": handover_rows,
        "handover_totals": handover_totals,
        "chart": _chart_data(totals, grouped["agency"]),
        "statuses": STATUSES,
        "status_groups": standing.STATUS_GROUPS,
    }
    return render(request, "reports/dashboard.html", context)


@role_required(*AGENCY_ROLES)
def agency_dashboard(request: HttpRequest) -> HttpResponse:
    """An agency's own numbers, its work queues and its units' tasks (Art. 9.2)."""
    form, period = _period_form(request)
    if period is None:
        return _invalid(request, "reports/agency_dashboard.html", form)
    user = request.user
    today = timezone.localdate()
    as_of = period.as_of
    base = {
        **period_params(period.start, period.end, as_of),
        "lead_agency": user.agency_id,
    }
    # Grouped by agency: the roll-up holds an agency's figures of today.
    totals = period_summary(user, base, as_of=as_of, group_by="agency").totals
    totals.links = summary_links(base, totals, None)
    queues = agency_queues(user, today, returned=True)
    # One pass per base for the queues' counts.
    counts = agency_queue_counts(user, today, returned=True)
    queue_list = [
        (key, queues[key])
        for key in (
            "new",
            "due_soon",
            "overdue",
            "awaiting_report",
            "awaiting_confirmation",
            "returned",
        )
    ]
    rows = first_rows(dict(queue_list), dict.fromkeys(queues, OVERDUE_SHOWN))
    unit_result = summary(
        Task.objects.visible_led_by_units_of(user), as_of=today, group_by="agency"
    )
    for row in unit_result.rows:
        # Sub-tasks are not "counted" tasks; each status count is what the list
        # shows for the unit and that status.
        unit = {"as_of": today, "lead_agency": row.key}
        row.links = {
            "total": list_url(unit),
            **{
                s: list_url({**unit, "report_status": s})
                for s in (*STATUSES, "overdue_open")
            },
        }
    context = {
        "form": form,
        "period": period,
        "cards": _status_cards(totals),
        "totals": totals,
        "queues": [(key, rows[key], counts[key]) for key, _queue in queue_list],
        "returned_url": list_url(
            {"state": Task.State.RETURNED, "lead_agency": user.agency_id}
        ),
        "units": unit_result,
        "statuses": STATUSES,
        "status_groups": standing.STATUS_GROUPS,
        "today": today,
    }
    return render(request, "reports/agency_dashboard.html", context)


def _periodic_data(request: HttpRequest) -> tuple[PeriodicForm, dict[str, Any] | None]:
    form, period = _period_form(request, PeriodicForm)
    if period is None:
        return form, None
    group_by = form.cleaned_data.get("group_by") if form.is_bound else None
    group_by = group_by or "agency"
    filters, _errors = list_filters(request.GET)
    base = {**filters, **period_params(period.start, period.end, period.as_of)}
    grouped = period_summary(request.user, base, as_of=period.as_of, group_by=group_by)
    return form, {
        "period": period,
        "base": base,
        "grouped": grouped,
        "scope": scope_line(filters),
    }


@role_required(*READERS)
def periodic(request: HttpRequest) -> HttpResponse:
    """The periodic report on screen, with its XLSX and DOCX downloads."""
    form, data = _periodic_data(request)
    if data is None:
        return _invalid(request, "reports/periodic.html", form)
    grouped = data["grouped"]
    attach_links(grouped.rows, data["base"], grouped.group_by)
    grouped.totals.links = summary_links(data["base"], grouped.totals, None)
    report = documents.periodic_report(
        data["period"],
        grouped.totals,
        [grouped],
        issued_on=timezone.localdate(),
        scope=data["scope"],
    )
    context = {
        **data,
        "form": form,
        "hidden_filters": _hidden_filters(request),
        "report": report,
        "status_table": report.tables[0],
        "cards": _status_cards(grouped.totals),
        "group_label": GROUP_LABELS[grouped.group_by],
        "statuses": STATUSES,
        "status_groups": standing.STATUS_GROUPS,
        "query": request.GET.urlencode(),
        "can_schedule": request.user.has_role(Role.OFFICE_LEAD),
        "can_build": request.user.has_role(*OFFICE_ROLES),
    }
    return render(request, "reports/periodic.html", context)


@role_required(*READERS)
@rate_limited("export")
def periodic_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filed report at once, without the Office's proposals; the page's
    form builds it in a job with them (`periodic_build`)."""
    if fmt not in filed_documents.RENDERERS:
        raise Http404
    form, period = _period_form(request, PeriodicForm)
    if period is None:
        return _invalid(request, "reports/periodic.html", form)
    filters, _errors = list_filters(request.GET)
    report = filing.build(
        request.user, period, issued_on=timezone.localdate(), filters=filters
    )
    return filed_documents.file_response(report, fmt)


@require_POST
@role_required(*OFFICE_ROLES)
@rate_limited("export")
def periodic_build(request: HttpRequest) -> HttpResponse:
    """Build the filed report with the Office's proposals, in a background job.

    The Office's, as section V is: leaders write nothing (SECURITY.md 6) and
    download the report as it stands (`periodic_download`)."""
    query = QueryDict(request.POST.get("query", ""))
    today = timezone.localdate()
    form = PeriodicForm(query or None, today=today)
    if form.is_bound and not form.is_valid():
        return _invalid(request, "reports/periodic.html", form)
    proposals = request.POST.get("office_proposals", "")[:TEXT_MAX]
    build = builds.start(
        form.period_value,
        by=request.user,
        filters={name: query.getlist(name) for name in LIST_FILTERS if name in query},
        office_proposals=proposals,
        issued_on=today,
    )
    return redirect(build)


def _build(request: HttpRequest, pk: int) -> ReportBuild:
    return get_object_or_404(ReportBuild.objects.visible_to(request.user), pk=pk)


def _progress_context(build: ReportBuild) -> dict[str, Any]:
    done, total = builds.progress_of(build)
    return {
        "build": build,
        "done": done,
        "total": total,
        "percent": int(100 * done / total) if total else 0,
    }


@role_required(*READERS)
def build_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The build's progress while the job works, its two files once done."""
    build = _build(request, pk)
    context = {
        **_progress_context(build),
        "period": builds.period_of(build),
        # A scheduled report's files, attached to it (scanned, guarded).
        "files": Attachment.objects.of(build).order_by("pk"),
    }
    return render(request, "reports/build.html", context)


@role_required(*READERS)
def build_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar, polled every second; the build's page once done."""
    build = _build(request, pk)
    if not build.is_busy:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = build.get_absolute_url()
        return response
    return render(request, "reports/_build_progress.html", _progress_context(build))


@role_required(*READERS)
def build_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    build = _build(request, pk)
    content = getattr(build, fmt, None) if fmt in filed_documents.RENDERERS else None
    if build.status != ReportBuild.Status.READY or not content:
        raise Http404
    return filed_documents.bytes_response(bytes(content), build.file_stem, fmt)


def _usage_report(request: HttpRequest) -> tuple[PeriodForm, Any]:
    form, period = _period_form(request)
    if period is None:
        return form, None
    rows, totals = usage(start=period.start, end=period.end, as_of=period.as_of)
    return form, documents.usage_report(
        period, rows, totals, issued_on=timezone.localdate()
    )


@role_required(*READERS)
def usage_page(request: HttpRequest) -> HttpResponse:
    """Art. 13: accounts, sign-ins and report timeliness of each agency."""
    form, report = _usage_report(request)
    if report is None:
        return _invalid(request, "reports/usage.html", form)
    return render(
        request,
        "reports/usage.html",
        {
            "form": form,
            "report": report,
            "table": report.tables[0],
            "period": form.period_value,
            "query": request.GET.urlencode(),
        },
    )


@role_required(*READERS)
@rate_limited("export")
def usage_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in exports.RENDERERS:
        raise Http404
    form, report = _usage_report(request)
    if report is None:
        return _invalid(request, "reports/usage.html", form)
    return exports.file_response(report, fmt)


@login_required
@rate_limited("export")
def task_list_xlsx(request: HttpRequest) -> HttpResponse:
    """The task list with its filters applied, as a workbook (UI.md: lists)."""
    today = timezone.localdate()
    form = TaskFilterForm(request.GET or None)
    params = form.cleaned_data if form.is_valid() else {}
    as_of = params.get("as_of") or today
    qs = with_list_data(Task.objects.visible_to(request.user), as_of)
    qs = filter_tasks(qs, params, as_of=as_of)
    sort = params.get("sort") or "-created"
    qs = qs.order_by(*SORTS[sort]).prefetch_related("cooperating_agencies")
    report = documents.task_list_report([], issued_on=today, as_of=as_of)
    # Read in chunks and written as read: memory stays flat (issue 12).
    rows = (
        row
        for chunk in streaming.chunks(qs.iterator(chunk_size=streaming.CHUNK))
        for row in documents.task_rows(chunk)
    )
    return streaming.xlsx_response(report, rows)


# -- scheduled reports (Art. 13) ------------------------------------------------


@role_required(Role.OFFICE_LEAD)
def schedules_page(request: HttpRequest) -> HttpResponse:
    """The office lead sets which periodic reports go to whom."""
    form = ReportScheduleForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            schedule = form.save(commit=False)
            schedule.created_by = request.user
            schedule.save()
            form.save_m2m()
            messages.success(request, _("The report schedule is saved."))
            return redirect("reports:schedules")
        status = 422
    context = {
        "form": form,
        "schedules": ReportSchedule.objects.prefetch_related("recipients")
        .select_related("created_by")
        .annotate_last(),
    }
    return render(request, "reports/schedules.html", context, status=status)


@require_POST
@role_required(Role.OFFICE_LEAD)
def schedule_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    schedule = get_object_or_404(ReportSchedule, pk=pk)
    if request.POST.get("delete"):
        schedule.delete()
        messages.success(request, _("The report schedule is removed."))
    else:
        schedule.active = not schedule.active
        schedule.save(update_fields=["active"])
        messages.success(
            request,
            _("The report schedule is on.")
            if schedule.active
            else _("The report schedule is paused."),
        )
    return redirect("reports:schedules")
