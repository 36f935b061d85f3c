"""The directive reader as this app uses it: one module, so a rename is one line.

The reader's internals may change (issue 17); only its public entry points are
called, and only from here: the agency registry and its matcher, the deadline
and frequency parsers, the text extraction and `read_directive`, and the
review-table helpers of its confirmation page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, BinaryIO

from chidao.reader.agencies import Gazetteer, parse_agency_text
from chidao.reader.deadlines import Reference, find_deadline, find_period
from chidao.reader.extract import extract_text
from chidao.reader.forms import ReviewFormSet, SourceForm
from chidao.reader.reader import Classified, Proposal, read_directive
from chidao.reader.services import (
    directive_initial,
    highlighted,
    read_meta,
    review_rows,
    tasks_of_row,
)

if TYPE_CHECKING:
    from chidao.reader.services import ReviewRow

__all__ = [
    "Classified",
    "Proposal",
    "ReviewFormSet",
    "SourceForm",
    "directive_initial",
    "highlighted",
    "read_meta",
    "tasks_of_row",
]


def registry() -> Gazetteer:
    """The agency registry the reader matches names against, loaded once."""
    return Gazetteer.from_db()


@dataclass(frozen=True)
class Named:
    """One agency name of a cell and the registry agencies it stands for."""

    written: str
    ids: tuple[int, ...]


def agencies_in(text: str, gazetteer: Gazetteer) -> list[Named]:
    """The agencies a cell names ("Sở TC; UBND các huyện"), as the reader reads
    them: abbreviations, missing accents and group phrases included."""
    text = (text or "").strip()
    if not text:
        return []
    mentions = parse_agency_text(text) or parse_agency_text(text, whole=True)
    names = [m.name for m in mentions] or [text]
    found = []
    for name in names:
        matches = gazetteer.match(name)
        ids = tuple(m.id for m in matches if m.matched and m.id is not None)
        found.append(Named(name, ids))
    return found


@dataclass(frozen=True)
class Due:
    on: date | None
    period: str | None  # month, quarter, half_year, year
    dated: bool  # the text names a date the rules could resolve


def deadline_in(text: str, issued_on: date | None) -> Due:
    """A deadline cell read with the reader's rules: "Quý III/2025", "tháng
    6/2025", "trước ngày 15/7/2025", "hằng quý"…"""
    ref = Reference(issued_on=issued_on)
    found = find_deadline(text, ref)
    if found is None or found.on is None:
        # A cell holds the time alone; the reader expects a leading word.
        again = find_deadline(f"trong {text}", ref)
        if again is not None and again.on is not None:
            found = again
    period = find_period(text)
    return Due(
        found.on if found else None,
        period.period if period else None,
        bool(found and found.on),
    )


def document_text(file: BinaryIO, name: str) -> str:
    """The text of a DOCX or PDF; Refused when it cannot be read."""
    return extract_text(file, name)


def propose(text: str, gazetteer: Gazetteer) -> Proposal:
    """The reader's proposal for a document; Classified when it is stamped."""
    return read_directive(text, gazetteer=gazetteer, match_foreign_names=True)


def proposed_rows(proposal: Proposal) -> tuple[list[ReviewRow], bool]:
    return review_rows(proposal)


def is_stamped_classified(text: str) -> bool:
    """Whether the document carries a secrecy stamp (Art. 5.2)."""
    try:
        read_directive(text, refuse_classified=True)
    except Classified:
        return True
    return False
