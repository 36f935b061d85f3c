"""Read a directive's text into its fields and proposed tasks (issue 7).

`read_directive(text)` is pure: no database, no network, no clock. With a
`Gazetteer` (the agency registry) agency names are matched to agencies;
without one they are returned as written. Nothing here stores anything: the
officer corrects and confirms the proposal, and only then are records made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from chidao.lib.errors import Refused

from .agencies import AgencyMatch, Gazetteer, Mention
from .assignments import TaskDraft, extract_tasks
from .header import Header, parse_header

STAMPS = {"mat": "MẬT", "toi_mat": "TỐI MẬT", "tuyet_mat": "TUYỆT MẬT"}
# README's `periodic` values and ChiDao's task periods.
PERIODS = {
    "month": "month",
    "quarter": "quarter",
    "half_year": "half_year",
    "year": "year",
}


class Classified(Refused):
    """The document carries a secrecy stamp (Art. 5.2): it is not read."""

    code = "classified"


@dataclass
class ProposedDirective:
    kind: str
    kind_label: str
    number: str | None
    symbol: str | None
    issued_on: date | None
    issued_partial: str | None
    place: str | None
    signer: str | None
    signer_title: str | None
    summary: str | None
    issuing_body: str | None
    level: str | None
    classified: bool
    classification: str
    urgency: str | None
    addressees: list[str]

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "kind_label": self.kind_label,
            "number": self.number,
            "symbol": self.symbol,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "issued_partial": self.issued_partial,
            "place": self.place,
            "signer": self.signer,
            "signer_title": self.signer_title,
            "summary": self.summary,
            "issuing_body": self.issuing_body,
            "level": self.level,
            "classified": self.classified,
            "classification": self.classification,
            "urgency": self.urgency,
            "addressees": self.addressees,
        }


@dataclass
class ProposedTask:
    content: str
    lead_agencies: list[AgencyMatch]
    cooperating_agencies: list[AgencyMatch]
    deadline: date | None
    deadline_text: str | None
    period: str | None
    recurring: bool
    must_report: bool
    source_span: str
    span_start: int
    span_end: int
    lead_source: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """Art. 4 task kind for ChiDao (deadline_report ... no_report)."""
        if self.deadline:
            return "deadline_report" if self.must_report else "deadline_only"
        if self.period in ("quarter", "half_year", "year"):
            return "periodic_report"
        return "no_report"

    def to_json(self, *, detail: bool = False) -> dict:
        out = {
            "content": self.content,
            "lead_agencies": [a.name for a in self.lead_agencies],
            "cooperating_agencies": [a.name for a in self.cooperating_agencies],
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "period": self.period,
            "must_report": self.must_report,
            "source_span": self.source_span,
        }
        if detail:
            out.update(
                {
                    "lead_agency_matches": [a.to_json() for a in self.lead_agencies],
                    "cooperating_agency_matches": [
                        a.to_json() for a in self.cooperating_agencies
                    ],
                    "deadline_text": self.deadline_text,
                    "recurring": self.recurring,
                    "kind": self.kind,
                    "span": [self.span_start, self.span_end],
                }
            )
        return out


@dataclass
class Proposal:
    directive: ProposedDirective
    tasks: list[ProposedTask]
    text: str = field(repr=False, default="")

    def to_json(self, *, detail: bool = False) -> dict:
        return {
            "directive": self.directive.to_json(),
            "tasks": [t.to_json(detail=detail) for t in self.tasks],
        }


def _matches(mentions: list[Mention], gazetteer: Gazetteer | None) -> list[AgencyMatch]:
    out: list[AgencyMatch] = []
    seen: set[str] = set()
    for m in mentions:
        found = gazetteer.match(m.name) if gazetteer else [AgencyMatch(m.name, m.name)]
        for a in found:
            key = str(a.id) if a.id is not None else a.name
            if key not in seen:
                seen.add(key)
                out.append(a)
    return out


def _sentence_case(text: str) -> str:
    """A proposal reads as a task of its own: "Hướng dẫn…", not "hướng dẫn…"
    (the clause's subject, cut off before it, carried the capital)."""
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def _directive(h: Header) -> ProposedDirective:
    partial = None
    if h.issued_on is None and h.issued_year:
        partial = f"{h.issued_year}" + (
            f"-{h.issued_month:02d}" if h.issued_month else ""
        )
    return ProposedDirective(
        kind=h.kind,
        kind_label=h.kind_label,
        number=h.number,
        symbol=h.symbol,
        issued_on=h.issued_on,
        issued_partial=partial,
        place=h.place,
        signer=h.signer,
        signer_title=h.signer_title,
        summary=h.summary,
        issuing_body=h.issuing_body,
        level=h.level,
        classified=h.classification != "thuong",
        classification=h.classification,
        urgency=h.urgency,
        addressees=h.addressees_text,
    )


def _task(text: str, d: TaskDraft, gazetteer: Gazetteer | None) -> ProposedTask:
    period = d.period.period if d.period else None
    return ProposedTask(
        content=_sentence_case(d.content),
        lead_agencies=_matches(d.lead, gazetteer),
        cooperating_agencies=_matches(d.cooperating, gazetteer),
        deadline=d.deadline.on if d.deadline else None,
        deadline_text=d.deadline.text if d.deadline else None,
        period=PERIODS.get(period or ""),
        recurring=bool(d.period and d.period.recurring),
        must_report=d.must_report,
        source_span=text[d.start : d.end],
        span_start=d.start,
        span_end=d.end,
        lead_source=d.lead_source,
    )


def read_directive(
    text: str,
    *,
    gazetteer: Gazetteer | None = None,
    refuse_classified: bool = True,
    match_foreign_names: bool = False,
) -> Proposal:
    """Propose the directive's fields and tasks from its text.

    A secrecy stamp (`MẬT`, `TỐI MẬT`, `TUYỆT MẬT` on a line of its own) raises
    `Classified` (Art. 5.2): such a document is not read at all.
    """
    header = parse_header(text)
    directive = _directive(header)
    if directive.classified:
        if refuse_classified:
            # Art. 5.2: classified directives are never entered in the system.
            raise Classified(
                _(
                    "This document is marked %(stamp)s. Classified documents are not "
                    "entered in the system (Art. 5.2); nothing has been read or saved."
                )
                % {"stamp": STAMPS[header.classification]}
            )
        return Proposal(directive, [], text)
    drafts = extract_tasks(text, header)
    if gazetteer is not None and not gazetteer.is_own_issuer(directive.issuing_body):
        # Another province's or the central government's document: its group
        # phrases are not our agencies, so they are never expanded. The review
        # page may still preselect agencies whose exact name we have.
        gazetteer = gazetteer.names_only() if match_foreign_names else None
    return Proposal(directive, [_task(text, d, gazetteer) for d in drafts], text)
