"""From a reading to records: review rows for the officer, then one confirmation.

Nothing is stored while the officer reviews (Art. 6.1: the Office records what
it has checked). `confirm_reading` creates the directive and its draft tasks in
one transaction through the directives and tasks services, so their rules
(classified refusal, duplicate numbers, Art. 4 task kinds) apply unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from chidao.directives.services import create_directive
from chidao.directives.validation import InvalidInput
from chidao.tasks.models import Task
from chidao.tasks.services import create_task

from .reader import Proposal, ProposedTask

if TYPE_CHECKING:
    from chidao.accounts.models import User
    from chidao.directives.models import Directive

# A directive rarely has more; beyond this the table is not reviewable anyway.
MAX_ROWS = 60
PERIODS = {"quarter", "half_year", "year"}
PERIOD_WORDS = {
    "month": "hằng tháng",
    "quarter": "hằng quý",
    "half_year": "6 tháng",
    "year": "hằng năm",
}


@dataclass
class ReviewRow:
    """Initial values of one row of the review table (one task, one lead)."""

    content: str
    lead_agency: int | None
    unmatched_lead: str
    cooperating_agencies: list[int]
    unmatched_cooperating: list[str]
    kind: str
    deadline: date | None
    period: str
    span_start: int
    span_end: int
    notes: list[str] = field(default_factory=list)

    def initial(self) -> dict[str, Any]:
        return {
            "content": self.content,
            "lead_agency": self.lead_agency,
            "unmatched_lead": self.unmatched_lead,
            "cooperating_agencies": self.cooperating_agencies,
            "kind": self.kind,
            "deadline": self.deadline,
            "period": self.period,
            "span_start": self.span_start,
            "span_end": self.span_end,
            "notes": " · ".join(self.notes),
        }


def task_kind(task: ProposedTask) -> tuple[str, str, list[str]]:
    """Art. 4 kind, period and notes for a proposed task."""
    notes: list[str] = []
    if task.period:
        notes.append(_("Recurs: %(period)s") % {"period": PERIOD_WORDS[task.period]})
    elif task.recurring:
        notes.append(_("Recurs, frequency not stated"))
    if task.deadline:
        kind = (
            Task.Kind.DEADLINE_REPORT if task.must_report else Task.Kind.DEADLINE_ONLY
        )
        return kind, "", notes
    if task.period in PERIODS:
        return Task.Kind.PERIODIC_REPORT, task.period, notes
    if task.must_report:
        notes.append(_("A report is required but the text sets no deadline"))
    if task.deadline_text and task.deadline_text.lower() != "theo quy định":
        notes.append(_("Time as written: %(text)s") % {"text": task.deadline_text})
    return Task.Kind.NO_REPORT, "", notes


def review_rows(proposal: Proposal) -> tuple[list[ReviewRow], bool]:
    """One row per proposed task and lead agency; True when rows were cut."""
    rows: list[ReviewRow] = []
    for task in proposal.tasks:
        kind, period, notes = task_kind(task)
        coop_ids = [a.id for a in task.cooperating_agencies if a.id is not None]
        coop_unmatched = [a.name for a in task.cooperating_agencies if a.id is None]
        if coop_unmatched:
            notes = [
                *notes,
                _("Cooperating, not matched: %(names)s")
                % {"names": "; ".join(coop_unmatched)},
            ]
        leads = task.lead_agencies or []
        for lead in leads or [None]:
            rows.append(
                ReviewRow(
                    content=task.content,
                    lead_agency=lead.id if lead else None,
                    unmatched_lead="" if lead is None or lead.id else lead.name,
                    cooperating_agencies=[
                        i for i in coop_ids if not lead or i != lead.id
                    ],
                    unmatched_cooperating=coop_unmatched,
                    kind=kind,
                    deadline=task.deadline,
                    period=period,
                    span_start=task.span_start,
                    span_end=task.span_end,
                    notes=list(notes),
                )
            )
    return rows[:MAX_ROWS], len(rows) > MAX_ROWS


def highlighted(text: str, start: int, end: int, *, radius: int = 240) -> SafeString:
    """The paragraph around text[start:end], escaped, with the span in <mark>."""
    if not text or not 0 <= start < end <= len(text):
        return format_html("")
    before_start = max(0, start - radius)
    blank = text.rfind("\n\n", before_start, start)
    if blank >= 0:
        before_start = blank + 2
    after_end = min(len(text), end + radius)
    blank = text.find("\n\n", end, after_end)
    if blank >= 0:
        after_end = blank
    before = text[before_start:start]
    after = text[end:after_end]
    return format_html(
        "{}{}<mark>{}</mark>{}{}",
        "…" if before_start > 0 else "",
        before,
        text[start:end],
        after,
        "…" if after_end < len(text) else "",
    )


def directive_initial(proposal: Proposal) -> dict[str, Any]:
    d = proposal.directive
    number = d.number or ""
    return {
        "classification": d.classification,
        "kind": d.kind,
        "number": number,
        "issued_on": d.issued_on,
        "summary": _sentence_case(d.summary or ""),
        "signer": d.signer or "",
    }


def _sentence_case(summary: str) -> str:
    """`VỀ VIỆC TĂNG CƯỜNG ...` → `Về việc tăng cường ...` (a title in capitals)."""
    letters = [c for c in summary if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        lowered = summary.lower()
        return lowered[:1].upper() + lowered[1:]
    return summary


class RowRefused(Exception):
    """A task row the tasks service refused; nothing has been stored."""

    def __init__(self, index: int, errors: dict[str, list[str]]) -> None:
        self.index = index
        self.errors = errors
        super().__init__(index)


@transaction.atomic
def confirm_reading(
    *, directive: dict[str, Any], tasks: list[dict[str, Any]], by: User
) -> Directive:
    """Record the directive and its confirmed tasks as drafts, all or nothing."""
    record = create_directive(**directive, by=by)
    for index, values in enumerate(tasks):
        try:
            create_task(directive=record, by=by, **values)
        except InvalidInput as exc:
            raise RowRefused(index, exc.errors) from exc
    return record


_SPACE = re.compile(r"\s+")


def one_line(text: str) -> str:
    return _SPACE.sub(" ", text).strip()
