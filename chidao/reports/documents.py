"""The reports as tables: columns declared once, for pages, XLSX and DOCX."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chidao.agencies.models import Agency
from chidao.tasks.models import Task
from chidao.tasks.standing import ReportStatus

from .exports import Column, Report, Table
from .periods import Period
from .queries import (
    STATUSES,
    HandoverRow,
    SummaryResult,
    SummaryRow,
    UsageRow,
)

GROUP_TITLES = {
    "agency": gettext_lazy("By lead agency"),
    "leader": gettext_lazy("By directing leader"),
    "sector": gettext_lazy("By sector"),
}
GROUP_NAME_HEADERS = {
    "agency": gettext_lazy("Lead agency"),
    "leader": gettext_lazy("Directing leader"),
    "sector": gettext_lazy("Sector"),
}


def summary_columns(group_by: str) -> list[Column]:
    return [
        Column("name", GROUP_NAME_HEADERS[group_by], 36),
        Column("total", gettext_lazy("Total"), 10, "int"),
        *(Column(s, ReportStatus(s).label, 13, "int") for s in STATUSES),
        Column("on_time_rate", gettext_lazy("On-time rate"), 12, "rate"),
    ]


STATUS_COLUMNS = [
    Column("name", gettext_lazy("Status"), 36),
    Column("count", gettext_lazy("Tasks"), 12, "int"),
    Column("share", gettext_lazy("Share"), 12, "rate"),
]

HANDOVER_COLUMNS = [
    Column("name", gettext_lazy("Tracking officer"), 32),
    Column("handed_over", gettext_lazy("Handed over"), 13, "int"),
    Column("on_time", gettext_lazy("Within the limit"), 13, "int"),
    Column("late", gettext_lazy("Late"), 11, "int"),
    Column("pending_late", gettext_lazy("Not handed over, limit passed"), 16, "int"),
    Column("pending", gettext_lazy("Not handed over, within the limit"), 16, "int"),
    Column("on_time_rate", gettext_lazy("On-time rate"), 12, "rate"),
]

USAGE_COLUMNS = [
    Column("name", gettext_lazy("Agency"), 36),
    Column("accounts", gettext_lazy("Accounts"), 11, "int"),
    Column("active_users", gettext_lazy("Active users"), 12, "int"),
    Column("sign_ins", gettext_lazy("Web sign-ins"), 11, "int"),
    Column("actions", gettext_lazy("Actions (web and API)"), 12, "int"),
    Column("reports_filed", gettext_lazy("Reports filed"), 12, "int"),
    Column("reports_due", gettext_lazy("Reports due (Art. 7.2a)"), 14, "int"),
    Column("reports_on_time", gettext_lazy("Filed on time"), 12, "int"),
    Column("reports_late", gettext_lazy("Filed late"), 11, "int"),
    Column("reports_missing", gettext_lazy("Not filed"), 11, "int"),
    Column("on_time_rate", gettext_lazy("On-time rate"), 12, "rate"),
    Column("updates_due", gettext_lazy("Periodic updates due (Art. 7.2b)"), 14, "int"),
    Column("updates_on_time", gettext_lazy("Updates on time"), 12, "int"),
    Column("updates_late", gettext_lazy("Updates late"), 11, "int"),
    Column("updates_missed", gettext_lazy("Updates missed"), 11, "int"),
]

TASK_COLUMNS = [
    Column("number", gettext_lazy("Number and symbol"), 18),
    Column("issued_on", gettext_lazy("Issue date"), 12, "date"),
    Column("content", gettext_lazy("Task content"), 60),
    Column("lead_agency", gettext_lazy("Lead agency"), 28),
    Column("cooperating", gettext_lazy("Cooperating agencies"), 28),
    Column("deadline", gettext_lazy("Deadline"), 12, "date"),
    Column("status", gettext_lazy("Status"), 24),
    Column("state", gettext_lazy("Processing state"), 18),
    Column("report_due", gettext_lazy("Report due"), 12, "date"),
]


def status_table(totals: SummaryRow) -> Table:
    """Table 1 of every periodic report: tasks per report status, with shares."""
    rows = [
        {
            "key": s,
            "name": str(ReportStatus(s).label),
            "count": totals.counts.get(s, 0),
            "share": totals.counts.get(s, 0) / totals.total if totals.total else None,
        }
        for s in STATUSES
    ]
    return Table(
        gettext_lazy("Tasks by status"),
        STATUS_COLUMNS,
        rows,
        {
            "name": _("Total"),
            "count": totals.total,
            "share": 1.0 if totals.total else None,
        },
    )


def summary_table(result: SummaryResult) -> Table:
    assert result.group_by is not None  # noqa: S101
    return Table(
        GROUP_TITLES[result.group_by],
        summary_columns(result.group_by),
        [r.as_dict() for r in result.rows],
        result.totals.as_dict(),
    )


def handover_table(rows: list[HandoverRow], totals: HandoverRow) -> Table:
    return Table(
        gettext_lazy("Hand-overs by the Office (Art. 7.1)"),
        HANDOVER_COLUMNS,
        [r.as_dict() for r in rows],
        totals.as_dict(),
    )


def usage_table(rows: list[UsageRow], totals: UsageRow) -> Table:
    return Table(
        gettext_lazy("Use of the system by agency"),
        USAGE_COLUMNS,
        [r.as_dict() for r in rows],
        totals.as_dict(),
    )


def task_rows(tasks: Iterable[Task]) -> list[dict]:
    """Rows of the task-list export; tasks carry `report_status`."""
    rows = []
    for task in tasks:
        status = getattr(task, "report_status", "")
        if task.state == Task.State.CANCELLED:
            status_label = str(Task.State.CANCELLED.label)
        else:
            status_label = str(ReportStatus(status).label) if status else ""
        rows.append(
            {
                "number": task.directive.number,
                "issued_on": task.directive.issued_on,
                "content": task.content,
                "lead_agency": task.lead_agency.name,
                "cooperating": "; ".join(
                    a.name for a in task.cooperating_agencies.all()
                ),
                "deadline": task.deadline,
                "status": status_label,
                "state": str(task.get_state_display()),
                "report_due": task.report_due,
            }
        )
    return rows


# -- the letterhead and the documents ------------------------------------------


def letterhead() -> dict[str, str]:
    """Committee and Office names and the place of the date line, from the tree."""
    names = dict(
        Agency.objects.filter(
            kind__in=[Agency.Kind.COMMITTEE, Agency.Kind.OFFICE],
            dissolved_on__isnull=True,
        )
        .order_by("-kind", "pk")
        .values_list("kind", "name")
    )
    committee = names.get(Agency.Kind.COMMITTEE, "")
    office = names.get(Agency.Kind.OFFICE, "")
    place = committee
    for marker in ("tỉnh ", "thành phố ", "Tỉnh ", "Thành phố "):
        if marker in committee:
            place = committee.split(marker, 1)[1]
            break
    issuer = office
    if office.lower().startswith("văn phòng"):
        issuer = office.split(" ", 2)[0] + " " + office.split(" ", 2)[1]
    return {"committee": committee, "issuer": issuer or office, "place": place}


def _period_lines(period: Period) -> list[str]:
    return [
        _(
            "Pursuant to the Regulation on the system for tracking the directions of "
            "the Provincial People's Committee, its Chairman and Vice Chairmen, the "
            "Office reports on the execution of the tasks assigned, as follows."
        ),
        _(
            "Period: %(label)s; tasks of the directives issued from %(start)s to "
            "%(end)s; status as of %(as_of)s."
        )
        % {
            "label": period.label,
            "start": period.start.strftime("%d/%m/%Y"),
            "end": period.end.strftime("%d/%m/%Y"),
            "as_of": period.as_of.strftime("%d/%m/%Y"),
        },
    ]


def _totals_lines(totals: SummaryRow) -> list[str]:
    """The figures a leader reads first, in words (Art. 5.1g, 7.2b, 10.4)."""
    rate = totals.on_time_rate
    lines = [
        _(
            "%(total)d tasks; %(due)d due by the report day, of which %(on_time)d "
            "done on time (on-time rate %(rate)s) and %(overdue)d open past their "
            "deadline."
        )
        % {
            "total": totals.total,
            "due": totals.due,
            "on_time": totals.counts.get("done_on_time", 0),
            "rate": "—" if rate is None else f"{rate * 100:.1f} %".replace(".", ","),
            "overdue": totals.overdue_open,
        }
    ]
    if totals.extra.get("within_extension"):
        lines.append(
            _(
                "Of the tasks done on time, %(original)d met their first deadline "
                "and %(extended)d only an extended one (Art. 10.4)."
            )
            % {
                "original": totals.extra.get("within_original", 0),
                "extended": totals.extra["within_extension"],
            }
        )
    if totals.updates_due:
        lines.append(
            _(
                "Periodic updates of tasks without a deadline (Art. 7.2b): %(due)d "
                "due, %(on_time)d filed on time, %(late)d late, %(missed)d missed."
            )
            % {
                "due": totals.updates_due,
                "on_time": totals.extra.get("on_time", 0),
                "late": totals.extra.get("late", 0),
                "missed": totals.extra.get("missed", 0),
            }
        )
    return lines


def _recipients() -> list[str]:
    return [
        _("The Chairman and Vice Chairmen of the Provincial People's Committee;"),
        _("The Office's leaders;"),
        _("Filed: Records."),
    ]


def periodic_report(
    period: Period,
    totals: SummaryRow,
    grouped: list[SummaryResult],
    *,
    issued_on: date,
    handover: tuple[list[HandoverRow], HandoverRow] | None = None,
    scope: str = "",
) -> Report:
    """The periodic report (Art. 9.1a, 10.3): status totals, then each grouping.

    `scope` names what a filtered report is about (one directive, an agency).
    """
    tables = [status_table(totals), *(summary_table(g) for g in grouped)]
    if handover is not None:
        tables.append(handover_table(*handover))
    return Report(
        title=_("Report"),
        subject=_("On the execution of the tasks assigned, %(label)s")
        % {"label": period.label},
        tables=tables,
        issued_on=issued_on,
        lines=[
            *([scope] if scope else []),
            *_period_lines(period),
            *_totals_lines(totals),
        ],
        filename=_("Periodic report") + f" {period.slug}",
        landscape=any(g.group_by for g in grouped),
        recipients=_recipients(),
        signer_title=_("Chief of the Office"),
        **letterhead(),
    )


def usage_report(
    period: Period, rows: list[UsageRow], totals: UsageRow, *, issued_on: date
) -> Report:
    """Art. 13: how each agency uses the system."""
    return Report(
        title=_("Report"),
        subject=_("On the use of the tracking system, %(label)s")
        % {"label": period.label},
        tables=[usage_table(rows, totals)],
        issued_on=issued_on,
        lines=[
            _(
                "Sign-ins and reports from %(start)s to %(end)s; reports due are "
                "counted up to %(as_of)s."
            )
            % {
                "start": period.start.strftime("%d/%m/%Y"),
                "end": period.end.strftime("%d/%m/%Y"),
                "as_of": period.as_of.strftime("%d/%m/%Y"),
            }
        ],
        filename=_("Usage report") + f" {period.slug}",
        landscape=True,
        recipients=_recipients(),
        signer_title=_("Chief of the Office"),
        **letterhead(),
    )


def task_list_report(rows: list[dict], *, issued_on: date, as_of: date) -> Report:
    return Report(
        title=_("List of tasks"),
        subject=_("status as of %(as_of)s") % {"as_of": as_of.strftime("%d/%m/%Y")},
        tables=[Table(gettext_lazy("Tasks"), TASK_COLUMNS, rows)],
        issued_on=issued_on,
        filename=_("Tasks") + f" {as_of.isoformat()}",
        landscape=True,
        **letterhead(),
    )
