"""The officer's decisions on a document from the document system.

What the review page proposes (the Art. 5.1 fields the message fills), and
what the officer decides: confirm it as a directive (through
`intake.record_directive`), link it to one entered by hand, apply a change,
or set it aside. Each decision locks the document, so one is taken once.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chidao.accounts.models import Role, User
from chidao.agencies.models import Agency
from chidao.attachments import services as attachment_services
from chidao.directives import services as directive_services
from chidao.directives.models import Directive
from chidao.directives.validation import clean_number
from chidao.intake.services import record_directive, update_directive
from chidao.lib.errors import WrongState
from chidao.lib.text import fold

from .models import InboundDocument
from .rows import kind_of

if TYPE_CHECKING:
    from collections.abc import Sequence

B = InboundDocument.Business
D = InboundDocument.State

# Canonical spellings of the signers' positions (SignerInfo/Position).
POSITIONS = {
    "chu tich": "Chủ tịch",
    "pho chu tich": "Phó Chủ tịch",
    "pho chu tich thuong truc": "Phó Chủ tịch Thường trực",
    "chanh van phong": "Chánh Văn phòng",
    "pho chanh van phong": "Phó Chánh Văn phòng",
}


# -- what the review page proposes ---------------------------------------------


def _position(text: str) -> str:
    folded = fold(text)
    if folded in POSITIONS:
        return POSITIONS[folded]
    if text.isupper():
        lowered = text.lower()
        return lowered[:1].upper() + lowered[1:]
    return text


def directive_values(document: InboundDocument) -> dict[str, Any]:
    """Art. 5.1 fields the message fills (the review page's initial values)."""
    head = document.header
    number = head.get("number") or ""
    try:
        number = clean_number(number)
    except ValidationError:  # shown as written, corrected on the page
        number = number.strip()
    name = head.get("signer_name") or ""
    position = _position(head.get("signer_position") or "")
    leader = None
    if name:
        leader = next(
            (
                u
                for u in User.objects.filter(is_active=True).with_role(Role.LEADER)
                if fold(u.full_name) == fold(name)
            ),
            None,
        )
    issued = head.get("issued_on")
    return {
        "classification": Directive.Classification.THUONG,
        "kind": kind_of(head.get("type_name") or "", number),
        "number": number,
        "issued_on": date.fromisoformat(issued) if issued else None,
        "summary": (head.get("subject") or "").strip(),
        "signer": " ".join(p for p in (position, name) if p)[:150],
        "directing_leader": leader.pk if leader else None,
    }


def sender_of(document: InboundDocument) -> Agency | None:
    """The issuing agency, by its mã định danh."""
    return Agency.objects.by_electronic_code(document.sender_code)


def same_number(document: InboundDocument) -> Directive | None:
    """A directive entered by hand with the number and year of the message."""
    values = directive_values(document)
    if not values["number"] or not values["issued_on"]:
        return None
    return Directive.objects.filter(
        number=values["number"], issued_year=values["issued_on"].year
    ).first()


# -- the officer's decisions -----------------------------------------------------


def _lock(document: InboundDocument, *businesses: int) -> InboundDocument:
    locked = InboundDocument.objects.select_for_update().get(pk=document.pk)
    if locked.state != D.PENDING or locked.business not in businesses:
        raise WrongState(_("This document has already been dealt with."))
    return locked


def _decided(document: InboundDocument, state: str, *, by: User, now: datetime) -> None:
    document.state, document.decided_by, document.decided_at = state, by, now
    document.save(update_fields=["state", "decided_by", "decided_at", "directive"])


@transaction.atomic
def confirm(
    document: InboundDocument,
    *,
    values: dict[str, Any],
    tasks: Sequence[dict[str, Any]],
    rows: Sequence[int],
    by: User,
    today: date,
    now: datetime,
) -> Directive:
    """Record the reviewed directive and its draft tasks, with the message's
    files and its reference; all or nothing."""
    document = _lock(document, B.NEW)
    directive = record_directive(
        {
            **values,
            "document_id": document.document_id,
            "sender_code": document.sender_code,
        },
        tasks=tasks,
        rows=rows,
        by=by,
        source=Directive.Source.EDXML,
        today=today,
    ).directive
    attachment_services.move_attachments(document, to=directive)
    document.directive = directive
    _decided(document, D.CONFIRMED, by=by, now=now)
    return directive


@transaction.atomic
def link(
    document: InboundDocument, directive: Directive, *, by: User, now: datetime
) -> Directive:
    """The directive was entered by hand: give it the message's reference and files."""
    document = _lock(document, B.NEW)
    directive_services.set_document_reference(
        directive,
        document_id=document.document_id,
        sender_code=document.sender_code,
        by=by,
    )
    attachment_services.move_attachments(document, to=directive)
    document.directive = directive
    _decided(document, D.CONFIRMED, by=by, now=now)
    return directive


def changes(document: InboundDocument) -> list[tuple[str, Any, Any]]:
    """(field, recorded value, value in the message) that differ."""
    directive = document.directive
    if directive is None:
        return []
    new = directive_values(document)
    out = []
    for name in ("kind", "number", "issued_on", "summary", "signer"):
        if new.get(name) and new[name] != getattr(directive, name):
            out.append((name, getattr(directive, name), new[name]))
    return out


@transaction.atomic
def apply_change(
    document: InboundDocument, *, by: User, today: date, now: datetime
) -> Directive:
    """Take the update or replacement into the directive (Art. 8.1 correction)."""
    document = _lock(document, B.UPDATE, B.REPLACE)
    directive = document.directive
    fields = {name: new for name, _old, new in changes(document)}
    if fields:
        directive = update_directive(directive, by=by, today=today, **fields)
    if document.business == B.REPLACE:
        directive_services.set_document_reference(
            directive,
            document_id=document.document_id,
            sender_code=document.sender_code,
            by=by,
        )
    attachment_services.move_attachments(document, to=directive)
    _decided(document, D.APPLIED, by=by, now=now)
    return directive


@transaction.atomic
def dismiss(document: InboundDocument, *, by: User, now: datetime) -> InboundDocument:
    """Not a directive to track (or a change not taken): kept, set aside."""
    document = _lock(document, B.NEW, B.UPDATE, B.REPLACE)
    _decided(document, D.DISMISSED, by=by, now=now)
    return document
