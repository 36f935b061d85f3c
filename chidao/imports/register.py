"""What goes back to the document system: status messages and the register.

A status message (edxml.md §5) says where a directive stands: 03 received
(recorded, nothing handed over yet), 05 in progress (its tasks are with the
agencies), 06 done (every task confirmed done). These codes describe the
document, not each task. The register lists the directives with their
references, for the document system's own import.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chidao.reports.exports import Column, Report, Table, safe_text, to_xlsx
from chidao.tasks.models import Task

from . import edxml

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from chidao.accounts.models import User
    from chidao.directives.models import Directive

RECEIVED, IN_PROGRESS, DONE = "03", "05", "06"
DESCRIPTIONS = {
    RECEIVED: gettext_lazy("Received and entered in the register"),
    IN_PROGRESS: gettext_lazy("Being handled"),
    DONE: gettext_lazy("Handling finished"),
}


def status_code(directive: Directive) -> str:
    """03, 05 or 06 from the directive's own tasks (sub-tasks count with them)."""
    tasks = directive.tasks.filter(parent__isnull=True).exclude(
        state=Task.State.CANCELLED
    )
    states = list(tasks.values_list("state", flat=True))
    if states and all(s == Task.State.CONFIRMED_DONE for s in states):
        return DONE
    if any(s != Task.State.DRAFT for s in states):
        return IN_PROGRESS
    return RECEIVED


def status_message(directive: Directive, *, by: User, at: datetime) -> bytes:
    """The edXML status message for `directive`, from ChiDao's agency code."""
    code = status_code(directive)
    day = directive.issued_on.strftime("%Y/%m/%d")
    return edxml.status_message(
        sender_code=settings.EDXML_AGENCY_CODE,
        sender_name=settings.EDXML_AGENCY_NAME,
        responding_to={
            "OrganId": directive.sender_code,
            "Code": directive.number,
            "PromulgationDate": day,
            "DocumentId": directive.document_id,
        },
        staff={
            "Department": by.agency.name if by.agency_id else "",
            "Staff": by.full_name or by.username,
            "Email": by.email,
        },
        code=code,
        description=str(DESCRIPTIONS[code]),
        at=timezone.localtime(at),
    )


COLUMNS = [
    Column("number", gettext_lazy("Number and symbol"), 18),
    Column("issued_on", gettext_lazy("Issue date"), 12, "date"),
    Column("kind", gettext_lazy("Kind of document"), 14),
    Column("summary", gettext_lazy("Summary"), 50),
    Column("signer", gettext_lazy("Signer"), 22),
    Column("source", gettext_lazy("Recorded from"), 18),
    Column("document_id", gettext_lazy("DocumentId (document system)"), 36),
    Column("sender_code", gettext_lazy("Sender's agency code"), 16),
    Column("document_status", gettext_lazy("Status in the document system"), 18),
    Column("edxml_status", gettext_lazy("edXML status code"), 10),
    Column("tasks", gettext_lazy("Tasks"), 8, "int"),
    Column("done", gettext_lazy("Confirmed done"), 10, "int"),
]


def rows(directives: QuerySet[Directive]) -> list[dict[str, Any]]:
    """One row per directive, counted in one query."""
    counted = directives.annotate(
        n_tasks=Count(
            "tasks",
            filter=Q(tasks__parent__isnull=True)
            & ~Q(tasks__state=Task.State.CANCELLED),
        ),
        n_done=Count(
            "tasks",
            filter=Q(tasks__parent__isnull=True)
            & Q(tasks__state=Task.State.CONFIRMED_DONE),
        ),
        n_moving=Count(
            "tasks",
            filter=Q(tasks__parent__isnull=True)
            & ~Q(tasks__state__in=[Task.State.CANCELLED, Task.State.DRAFT]),
        ),
    ).order_by("issued_on", "id")
    out = []
    for d in counted:
        if d.n_tasks and d.n_done == d.n_tasks:
            code = DONE
        elif d.n_moving:
            code = IN_PROGRESS
        else:
            code = RECEIVED
        out.append(
            {
                "number": d.number,
                "issued_on": d.issued_on,
                "kind": d.get_kind_display(),
                "summary": d.summary,
                "signer": d.signer,
                "source": d.get_source_display(),
                "document_id": d.document_id,
                "sender_code": d.sender_code,
                "document_status": d.get_document_status_display(),
                "edxml_status": code,
                "tasks": d.n_tasks,
                "done": d.n_done,
            }
        )
    return out


def register_xlsx(directives: QuerySet[Directive], *, today: Any) -> bytes:
    report = Report(
        title=_("Register of directives"),
        subject=_("with their references in the document system"),
        tables=[Table(_("Directives"), COLUMNS, rows(directives))],
        issued_on=today,
        filename="so-van-ban",
    )
    return to_xlsx(report)


def register_csv(directives: QuerySet[Directive]) -> bytes:
    """UTF-8 with BOM (Excel reads the accents), formulas neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(c.header) for c in COLUMNS])
    for row in rows(directives):
        writer.writerow(
            [
                row[c.key].isoformat()
                if c.kind == "date" and row[c.key]
                else safe_text(str(row[c.key]))
                for c in COLUMNS
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
