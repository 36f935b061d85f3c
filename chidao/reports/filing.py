"""The periodic report the Office files as is (Art. 9.1a, 13; Decree 30/2020).

`build` gathers every figure from `queries` (status as of the report's day,
read from the tasks' history) into a `FiledReport`: the sections I-V and the
annex of overdue tasks. `filed_documents` draws it as DOCX and XLSX.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from chidao.agencies.models import Agency
from chidao.lib.periods import MONTH, period_bounds
from chidao.tasks import standing
from chidao.tasks.models import Direction, ProgressReport, TaskEvent
from chidao.tasks.naming import task_title

from .documents import letterhead
from .exports import Column, Table, format_value
from .periods import HALF_YEAR, QUARTER, RANGE, YEAR, Period
from .queries import (
    HandoverRow,
    SummaryRow,
    handover_performance,
    handover_tasks,
    overdue_rows,
    period_params,
    report_tasks,
    summary,
)

if TYPE_CHECKING:
    from chidao.accounts.models import User

# The annex lists the tasks longest overdue; a document of thousands of pages
# is filed by nobody: the rest are counted, and the XLSX lists them all.
ANNEX_LIMIT = 300
# The XLSX lists more, up to this many; the task list (filter "overdue") and
# its Excel export give every one of them.
XLSX_ANNEX_LIMIT = 5000
# Section IV quotes at most this many reports (the latest first per agency).
DIFFICULTY_LIMIT = 200

Progress = Callable[[int, int], None]
STEPS = 7


@dataclass
class Section:
    heading: str
    lines: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    # (agency, [(label, text), ...]) paragraphs: section IV.
    entries: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    landscape: bool = False
    # The annex: how many rows there are in all (its table may hold fewer).
    total: int | None = None


def shortened_line(shown: int) -> str:
    """Said under the annex when it lists only the longest overdue."""
    return _(
        "The %(shown)s longest overdue are listed; the task list (filter "
        "“overdue”) and its Excel export give them all."
    ) % {"shown": format_value(shown, "int")}


@dataclass
class FiledReport:
    committee: str
    issuer: str
    place: str
    issued_on: date
    subject: str
    period: Period
    intro: list[str]
    sections: list[Section]
    annex: Section
    recipients: list[str]
    signer_title: str
    signer_name: str
    # The Office's full name (the XLSX header; the DOCX writes "VĂN PHÒNG").
    office: str = ""
    number: str = "      /BC-VP"
    filename: str = "bao-cao"

    @property
    def title(self) -> str:
        return _("Report")


def previous_period(period: Period) -> Period:
    """The period before, read as of the same day of its own period."""
    if period.kind in (QUARTER, HALF_YEAR, YEAR, MONTH) and period.year:
        count = {MONTH: 12, QUARTER: 4, HALF_YEAR: 2, YEAR: 1}[period.kind]
        n, year = (period.n or 1) - 1, period.year
        if n < 1:
            n, year = count, year - 1
        start, end = period_bounds(period.kind, year, n)
        kind_n = n if period.kind != YEAR else None
        offset = period.as_of - period.start
        return Period(start, end, min(start + offset, period.as_of), period.kind,
                      year, kind_n)  # fmt: skip
    length = period.end - period.start + timedelta(days=1)
    start, end = period.start - length, period.start - timedelta(days=1)
    return Period(start, end, min(period.as_of - length, period.as_of), RANGE)


def _rate(value: float | None) -> str:
    return "—" if value is None else format_value(value, "rate")


def _in_progress(row: SummaryRow) -> int:
    return sum(
        row.counts.get(s, 0)
        for s in (*standing.WITHIN_DEADLINE, standing.S.ONGOING_NO_DEADLINE)
    )


def _awaiting(row: SummaryRow) -> int:
    return sum(row.counts.get(s, 0) for s in standing.AWAITING)


def _done_rate(row: SummaryRow) -> float | None:
    return row.done / row.total if row.total else None


def _events(tasks: object, period: Period) -> dict[str, int]:
    """Returns, extensions and reopenings of the period's tasks up to the
    report's day."""
    tz = timezone.get_current_timezone()
    until = datetime.combine(period.as_of + timedelta(days=1), time.min, tzinfo=tz)
    actions = (
        TaskEvent.Action.RETURN,
        TaskEvent.Action.REQUEST_EXTENSION,
        TaskEvent.Action.APPROVE_EXTENSION,
        TaskEvent.Action.REOPEN,
    )
    events = TaskEvent.objects.filter(
        task__in=tasks.values("pk"), at__lt=until, action__in=actions
    ).order_by()
    return events.aggregate(
        **{action: Count("pk", filter=Q(action=action)) for action in actions},
        # Art. 10.4: reopenings because the task was done wrongly.
        done_wrongly=Count(
            "pk", filter=Q(action=TaskEvent.Action.REOPEN, data__done_wrongly=True)
        ),
    )


# "figure": text already formatted, right-aligned like a number.
RESULT_COLUMNS = [
    Column("name", gettext_lazy("Indicator"), 44),
    Column("now", gettext_lazy("This period"), 14, "figure"),
    Column("before", gettext_lazy("Previous period"), 14, "figure"),
    Column("change", gettext_lazy("Change"), 14, "figure"),
]


def _change(now: float | None, before: float | None, *, rate: bool) -> str:
    if now is None or before is None:
        return "—"
    diff = now - before
    sign = "+" if diff > 0 else "−" if diff < 0 else "±"
    if rate:
        # A change of a rate is in percentage points, not a percentage of it.
        points = f"{abs(diff) * 100:.1f}".replace(".", ",")
        return _("%(sign)s%(points)s points") % {"sign": sign, "points": points}
    return f"{sign}{format_value(abs(int(diff)), 'int')}"


def _results(
    totals: SummaryRow,
    before: SummaryRow,
    events: dict[str, int],
    events_before: dict[str, int],
) -> Table:
    A = TaskEvent.Action
    counts: list[tuple[object, Callable[[SummaryRow], int], str]] = [
        (gettext_lazy("Tasks in the period"), lambda r: r.total, "int"),
        (gettext_lazy("Done"), lambda r: r.done, "int"),
        (
            gettext_lazy("of which on time"),
            lambda r: r.counts.get("done_on_time", 0),
            "int",
        ),
        (gettext_lazy("Reported done, awaiting confirmation"), _awaiting, "int"),
        (gettext_lazy("In progress within the deadline"), _in_progress, "int"),
        (pgettext_lazy("filed report", "Overdue"), lambda r: r.overdue_open, "int"),
    ]
    rows = []
    for label, value, _kind in counts:
        now, then = value(totals), value(before)
        rows.append(
            {
                "name": str(label),
                "now": format_value(now, "int"),
                "before": format_value(then, "int"),
                "change": _change(now, then, rate=False),
            }
        )
    for label, rate in (
        (gettext_lazy("On-time rate (of tasks due)"), lambda r: r.on_time_rate),
        (gettext_lazy("Completion rate"), _done_rate),
    ):
        now_rate, then_rate = rate(totals), rate(before)
        rows.append(
            {
                "name": str(label),
                "now": _rate(now_rate),
                "before": _rate(then_rate),
                "change": _change(now_rate, then_rate, rate=True),
            }
        )
    for label, action in (
        (gettext_lazy("Returned by the lead agency (Art. 6.2a)"), A.RETURN),
        (gettext_lazy("Extensions requested"), A.REQUEST_EXTENSION),
        (gettext_lazy("Extensions approved (Art. 10.4)"), A.APPROVE_EXTENSION),
        (gettext_lazy("Reopened after a done report"), A.REOPEN),
        (gettext_lazy("of which done wrongly (Art. 10.4)"), "done_wrongly"),
    ):
        now, then = events.get(action, 0), events_before.get(action, 0)
        rows.append(
            {
                "name": str(label),
                "now": format_value(now, "int"),
                "before": format_value(then, "int"),
                "change": _change(now, then, rate=False),
            }
        )
    return Table(gettext_lazy("Results compared with the previous period"),
                 RESULT_COLUMNS, rows)  # fmt: skip


AGENCY_COLUMNS = [
    Column("name", gettext_lazy("Lead agency"), 32),
    Column("total", pgettext_lazy("filed report", "Tasks"), 10, "int"),
    Column("done", pgettext_lazy("filed report", "Done"), 11, "int"),
    Column(
        "done_on_time", pgettext_lazy("filed report", "of which on time"), 11, "int"
    ),  # fmt: skip
    Column(
        "awaiting", pgettext_lazy("filed report", "Awaiting confirmation"), 12, "int"
    ),  # fmt: skip
    Column(
        "in_progress", pgettext_lazy("filed report", "Within the deadline"), 11, "int"
    ),  # fmt: skip
    Column("overdue_open", pgettext_lazy("filed report", "Overdue"), 10, "int"),
    Column("rate", pgettext_lazy("filed report", "On-time rate"), 11, "figure"),
]


def _agency_row(row: SummaryRow) -> dict:
    return {
        "name": row.name,
        "total": row.total,
        "done": row.done,
        "done_on_time": row.counts.get("done_on_time", 0),
        "awaiting": _awaiting(row),
        "in_progress": _in_progress(row),
        "overdue_open": row.overdue_open,
        "rate": _rate(row.on_time_rate),
    }


HANDOVER_COLUMNS = [
    Column("name", gettext_lazy("Tracking officer"), 30),
    Column("handed_over", pgettext_lazy("filed report", "Handed over"), 12, "int"),
    Column("on_time", pgettext_lazy("filed report", "Within the limit"), 12, "int"),
    Column("late", pgettext_lazy("filed report", "Late"), 10, "int"),
    Column(
        "pending_late",
        pgettext_lazy("filed report", "Not handed over, limit passed"),
        14,
        "int",
    ),
    Column(
        "awaiting_confirmation",
        pgettext_lazy("filed report", "Done reports to confirm"),
        13,
        "int",
    ),
    Column("rate", pgettext_lazy("filed report", "On-time rate"), 11, "figure"),
]


def _handover_row(row: HandoverRow) -> dict:
    return {**row.as_dict(), "rate": _rate(row.on_time_rate)}


ANNEX_COLUMNS = [
    Column("directive", gettext_lazy("Directive"), 20),
    Column("content", gettext_lazy("Task content"), 46),
    Column("lead_agency", gettext_lazy("Lead agency"), 24),
    Column("deadline", gettext_lazy("Deadline"), 15, "date"),
    Column("days_late", pgettext_lazy("filed report", "Days late"), 10, "int"),
]


def annex_rows(tasks: object, as_of: date, limit: int | None) -> list[dict]:
    rows = []
    for task in overdue_rows(tasks, as_of=as_of, limit=limit):
        deadline = task["as_of_deadline"]
        rows.append(
            {
                "directive": f"{task['directive__number']} "
                f"({task['directive__issued_on'].strftime('%d/%m/%Y')})",
                "content": task["content"],
                "lead_agency": task["lead_agency_name"],
                "deadline": deadline,
                "days_late": (as_of - deadline).days if deadline else None,
            }
        )
    return rows


def _difficulties(tasks: object, period: Period) -> list[tuple[str, list]]:
    """Section IV: what agencies wrote in the period's reports, per agency."""
    reports = (
        ProgressReport.objects.filter(
            task__in=tasks.values("pk"),
            filed_on__gte=period.start,
            filed_on__lte=period.as_of,
        )
        .exclude(difficulties="", proposals="")
        .select_related("task__lead_agency", "task__directive", "by__agency")
        .order_by("task__lead_agency__name", "-at", "-id")[:DIFFICULTY_LIMIT]
    )
    grouped: dict[str, list[tuple[str, str]]] = {}
    for report in reports:
        agency = report.task.lead_agency.name
        items = grouped.setdefault(agency, [])
        where = _("%(task)s, report of %(day)s") % {
            "task": task_title(report.task, 50),
            "day": report.filed_on.strftime("%d/%m/%Y"),
        }
        if report.difficulties:
            items.append((_("Difficulties") + f" ({where})", report.difficulties))
        if report.proposals:
            items.append((_("Proposals") + f" ({where})", report.proposals))
    return list(grouped.items())


def _directions(tasks: object, period: Period) -> list[tuple[str, list]]:
    """Section IV too: the leaders' directions given in the period (Art. 9.1c),
    on the tasks reported on or on their whole directive."""
    start = datetime.combine(
        period.start, time.min, tzinfo=timezone.get_current_timezone()
    )
    end = datetime.combine(
        period.as_of + timedelta(days=1),
        time.min,
        tzinfo=timezone.get_current_timezone(),
    )
    directions = (
        Direction.objects.filter(
            directive__in=tasks.values("directive_id"), at__gte=start, at__lt=end
        )
        .select_related("leader", "directive", "task__directive")
        .order_by("at", "id")[:DIFFICULTY_LIMIT]
    )
    items = []
    for direction in directions:
        about = (
            task_title(direction.task, 50)
            if direction.task is not None
            else _("directive %(number)s") % {"number": direction.directive.number}
        )
        who = _("%(leader)s, %(day)s, on %(about)s") % {
            "leader": direction.leader.get_full_name(),
            "day": timezone.localtime(direction.at).strftime("%d/%m/%Y"),
            "about": about,
        }
        items.append((who, direction.text))
    return [(_("The leaders' directions"), items)] if items else []


def _recipients() -> list[str]:
    configured = getattr(settings, "REPORT_RECIPIENTS", None)
    if configured:
        return [str(r) for r in configured]
    return [
        _("The Chairman and Vice Chairmen of the Provincial People's Committee;"),
        _("The Office's leaders;"),
        _("Filed: Records."),
    ]


def build(
    user: User,
    period: Period,
    *,
    issued_on: date,
    filters: dict | None = None,
    office_proposals: str = "",
    progress: Progress | None = None,
) -> FiledReport:
    """Every figure of the report, from the history as of `period.as_of`."""

    def step(n: int) -> None:
        if progress is not None:
            progress(n, STEPS)

    filters = filters or {}
    base = {**filters, **period_params(period.start, period.end, period.as_of)}
    tasks = report_tasks(user, base, as_of=period.as_of)
    by_agency = summary(tasks, as_of=period.as_of, group_by="agency")
    totals = by_agency.totals
    step(1)
    before = previous_period(period)
    before_base = {**filters, **period_params(before.start, before.end, before.as_of)}
    before_tasks = report_tasks(user, before_base, as_of=before.as_of)
    before_totals = summary(before_tasks, as_of=before.as_of).totals
    all_tasks = handover_tasks(user, base, as_of=period.as_of)
    events = _events(all_tasks, period)
    events_before = _events(
        handover_tasks(user, before_base, as_of=before.as_of), before
    )
    step(2)
    officers, officer_totals = handover_performance(all_tasks, as_of=period.as_of)
    step(3)
    annex = annex_rows(tasks, period.as_of, XLSX_ANNEX_LIMIT)
    step(4)
    difficulties = _difficulties(tasks, period) + _directions(tasks, period)
    step(5)

    pct = {"rate": _rate(totals.on_time_rate), "done_rate": _rate(_done_rate(totals))}
    results = Section(
        _("I. Results"),
        lines=[
            _(
                "Of %(total)s tasks of the directives issued in the period, "
                "%(done)s are done (completion rate %(done_rate)s), %(awaiting)s "
                "reported done and awaiting the Office's confirmation, "
                "%(progress)s in progress within the deadline and %(overdue)s "
                "overdue. On-time rate of the tasks due: %(rate)s."
            )
            % {
                "total": format_value(totals.total, "int"),
                "done": format_value(totals.done, "int"),
                "awaiting": format_value(_awaiting(totals), "int"),
                "progress": format_value(_in_progress(totals), "int"),
                "overdue": format_value(totals.overdue_open, "int"),
                **pct,
            },
            _("The previous period (%(label)s) is read as of %(as_of)s.")
            % {"label": before.label, "as_of": before.as_of.strftime("%d/%m/%Y")},
        ],
        tables=[_results(totals, before_totals, events, events_before)],
    )
    agencies = Section(
        _("II. Results by lead agency"),
        lines=[
            _(
                "Agencies are ranked by their on-time rate, then by the fewest "
                "overdue tasks. “—”: no task of the agency was due yet."
            )
        ],
        tables=[
            Table(
                gettext_lazy("Results by lead agency"),
                AGENCY_COLUMNS,
                [_agency_row(r) for r in by_agency.rows],
                _agency_row(totals),
            )
        ],
    )
    office = Section(
        _("III. The Office's own timeliness (Art. 7.1)"),
        lines=[
            _(
                "Tasks handed over within the limit of Art. 7.1 (5 working days, "
                "10 for a large directive): %(on_time)s of %(handed)s (%(rate)s); "
                "%(late)s late, %(pending)s not handed over past the limit."
            )
            % {
                "on_time": format_value(officer_totals.on_time, "int"),
                "handed": format_value(officer_totals.handed_over, "int"),
                "rate": _rate(officer_totals.on_time_rate),
                "late": format_value(officer_totals.late, "int"),
                "pending": format_value(officer_totals.pending_late, "int"),
            }
        ],
        tables=[
            Table(
                gettext_lazy("Hand-overs by tracking officer"),
                HANDOVER_COLUMNS,
                [_handover_row(r) for r in officers],
                _handover_row(officer_totals),
            )
        ],
    )
    hard = Section(
        _("IV. Difficulties and proposals of the agencies, the leaders' directions"),
        lines=[]
        if difficulties
        else [_("No agency reported a difficulty or a proposal in the period.")],
        entries=difficulties,
    )
    proposals = [p.strip() for p in office_proposals.splitlines() if p.strip()]
    own = Section(
        _("V. The Office's proposals"),
        lines=proposals or [_("None.")],
    )
    overdue_total = totals.overdue_open
    annex_lines = [
        _("Tasks overdue as of %(as_of)s: %(n)s, longest overdue first.")
        % {
            "as_of": period.as_of.strftime("%d/%m/%Y"),
            "n": format_value(overdue_total, "int"),
        }
    ]
    annex_section = Section(
        _("Annex: tasks overdue"),
        lines=annex_lines,
        tables=[Table(gettext_lazy("Tasks overdue"), ANNEX_COLUMNS, annex)],
        total=overdue_total,
    )
    step(6)
    office_name = (
        Agency.objects.filter(kind=Agency.Kind.OFFICE, dissolved_on__isnull=True)
        .order_by("pk")
        .values_list("name", flat=True)
        .first()
    )
    return FiledReport(
        **letterhead(),
        office=office_name or "",
        issued_on=issued_on,
        subject=_("On the execution of the tasks assigned, %(label)s")
        % {"label": period.label},
        period=period,
        intro=[
            _(
                "Pursuant to the Regulation on the system for tracking the "
                "directions of the Provincial People's Committee, its Chairman and "
                "Vice Chairmen, the Office reports on the execution of the tasks "
                "assigned, as follows."
            ),
            _(
                "Period: %(label)s; tasks of the directives issued from %(start)s "
                "to %(end)s; status as of %(as_of)s."
            )
            % {
                "label": period.label,
                "start": period.start.strftime("%d/%m/%Y"),
                "end": period.end.strftime("%d/%m/%Y"),
                "as_of": period.as_of.strftime("%d/%m/%Y"),
            },
        ],
        sections=[results, agencies, office, hard, own],
        annex=annex_section,
        recipients=_recipients(),
        signer_title=str(getattr(settings, "REPORT_SIGNER_TITLE", ""))
        or _("Chief of the Office"),
        signer_name=str(getattr(settings, "REPORT_SIGNER_NAME", "")),
        filename=_("Periodic report") + f" {period.slug}",
    )
