"""From a reading to records: review rows for the officer, then one confirmation.

Nothing is stored while the officer reviews (Art. 6.1: the Office records what
it has checked). `confirm_reading` creates the directive and its draft tasks in
one transaction through `intake.record_directive`, so the rules
(classified refusal, duplicate numbers, Art. 4 task kinds) apply unchanged.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from chidao.directives.models import Directive
from chidao.intake.services import record_directive
from chidao.tasks.models import Task

from .reader import Proposal, ProposedTask

if TYPE_CHECKING:
    from chidao.accounts.models import User
    from chidao.agencies.models import Agency

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
    """Initial values of one row of the review table: one proposed task."""

    content: str
    lead_agency: int | None
    other_leads: list[tuple[int, str]]  # further matched lead agencies (id, name)
    unmatched_leads: list[str]
    cooperating_agencies: list[int]
    kind: str
    deadline: date | None
    period: str
    span_start: int
    span_end: int
    notes: list[str] = field(default_factory=list)

    def meta(self) -> dict[str, Any]:
        """What the page carries for the row besides its editable fields."""
        return {
            "span": [self.span_start, self.span_end],
            "others": [[i, name] for i, name in self.other_leads],
            "unmatched": self.unmatched_leads,
            "notes": self.notes,
        }

    def initial(self) -> dict[str, Any]:
        return {
            "content": self.content,
            "lead_agency": self.lead_agency,
            "cooperating_agencies": self.cooperating_agencies,
            "kind": self.kind,
            "deadline": self.deadline,
            "period": self.period,
            "meta": json.dumps(self.meta(), ensure_ascii=False),
            "one_per_lead": bool(self.other_leads),
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
    """One row per proposed task; True when rows were cut.

    ChiDao gives a task one lead agency: the first matched one is selected and
    the others are offered as one task each ("one_per_lead"), so a directive
    addressed to twenty agencies stays a short table.
    """
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
        matched = [(a.id, a.name) for a in task.lead_agencies if a.id is not None]
        unmatched = [a.name for a in task.lead_agencies if a.id is None]
        lead = matched[0][0] if matched else None
        rows.append(
            ReviewRow(
                content=task.content,
                lead_agency=lead,
                other_leads=matched[1:],
                unmatched_leads=unmatched,
                cooperating_agencies=[i for i in coop_ids if i != lead],
                kind=kind,
                deadline=task.deadline,
                period=period,
                span_start=task.span_start,
                span_end=task.span_end,
                notes=notes,
            )
        )
    return rows[:MAX_ROWS], len(rows) > MAX_ROWS


def read_meta(value: str | None) -> dict[str, Any]:
    """The row metadata sent back by the page, checked for shape only."""
    try:
        data = json.loads(value or "{}")
    except (TypeError, ValueError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    span = data.get("span")
    if not (
        isinstance(span, list)
        and len(span) == 2
        and all(isinstance(x, int) for x in span)
    ):
        span = None
    others = [
        (o[0], str(o[1]))
        for o in data.get("others") or []
        if isinstance(o, list) and len(o) == 2 and isinstance(o[0], int)
    ]
    return {
        "span": span,
        "others": others,
        "unmatched": [
            str(x) for x in data.get("unmatched") or [] if isinstance(x, str)
        ],
        "notes": [str(x) for x in data.get("notes") or [] if isinstance(x, str)],
    }


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
    # The reader also knows kinds the register has no choice for (Kế hoạch):
    # the officer picks one rather than the form showing an invalid value.
    kind = d.kind if d.kind in Directive.Kind.values else ""
    return {
        "classification": d.classification,
        "kind": kind,
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


def confirm_reading(
    *, directive: dict[str, Any], rows: list[list[dict[str, Any]]], by: User
) -> Directive:
    """Record the directive and its confirmed tasks as drafts, all or nothing.

    `rows` holds, for each reviewed row, the tasks it stands for (one per
    lead agency); a refusal names the row (InvalidInput.row).
    """
    tasks = [values for row in rows for values in row]
    row_of = [index for index, row in enumerate(rows) for _values in row]
    return record_directive(
        directive, tasks=tasks, rows=row_of, by=by, source=Directive.Source.READER
    ).directive


def tasks_of_row(
    values: dict[str, Any], extra_leads: list[Agency]
) -> list[dict[str, Any]]:
    """The row's task, and one copy per further lead agency when asked for."""
    tasks = [values]
    for agency in extra_leads:
        if agency.pk == values["lead_agency"].pk:
            continue
        copy = dict(values)
        copy["lead_agency"] = agency
        copy["cooperating_agencies"] = [
            a for a in values["cooperating_agencies"] if a.pk != agency.pk
        ]
        tasks.append(copy)
    return tasks


_SPACE = re.compile(r"\s+")


def one_line(text: str) -> str:
    return _SPACE.sub(" ", text).strip()
