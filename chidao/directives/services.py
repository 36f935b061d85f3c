"""Recording a directive's own fields (Art. 5.1, 6.1), refusing classified ones
(Art. 5.2). A directive with its tasks is recorded by `intake.services`."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.accounts.models import Role
from chidao.agencies.models import Agency
from chidao.audit import services as audit
from chidao.lib.errors import Duplicate, InvalidInput, NotAllowed, StaleVersion

from .models import Directive
from .validation import check_issued_on, clean_number, refuse_classified

if TYPE_CHECKING:
    from chidao.accounts.models import User

EDITABLE_FIELDS = frozenset(
    {
        "kind",
        "number",
        "summary",
        "issued_on",
        "signer",
        "directing_leader",
        "proposing_agency",
        "needs_opinions",
    }
)


def can_record_directives(user: User) -> bool:
    """Art. 6.1: the Office records directives and their tasks."""
    return user.is_authenticated and user.is_office


def _check_fields(values: dict, *, today: date) -> dict:
    """Validate and normalise directive fields; raise InvalidInput or Duplicate."""
    errors: dict[str, list[str]] = {}
    cleaned = dict(values)
    if "kind" in values and values["kind"] not in Directive.Kind.values:
        errors["kind"] = [_("Choose a kind of document from the list.")]
    if "number" in values:
        try:
            cleaned["number"] = clean_number(values["number"])
        except ValidationError as exc:
            errors["number"] = list(exc.messages)
    if "summary" in values:
        cleaned["summary"] = (values["summary"] or "").strip()
        if not cleaned["summary"]:
            errors["summary"] = [_("Enter the summary of the document.")]
    if "signer" in values:
        cleaned["signer"] = (values["signer"] or "").strip()
    if "issued_on" in values:
        if values["issued_on"] is None:
            errors["issued_on"] = [_("Enter the issue date.")]
        else:
            try:
                check_issued_on(values["issued_on"], today)
            except ValidationError as exc:
                errors["issued_on"] = list(exc.messages)
    leader = values.get("directing_leader")
    if leader is not None and not leader.has_role(Role.LEADER):
        errors["directing_leader"] = [
            _("The directing leader must be the Chairman or a Vice Chairman.")
        ]
    agency: Agency | None = values.get("proposing_agency")
    if agency is not None and agency.dissolved_on is not None:
        errors["proposing_agency"] = [_("This agency has been dissolved.")]
    if errors:
        raise InvalidInput(errors)
    return cleaned


def _check_unique(number: str, year: int, *, exclude_pk: int | None = None) -> None:
    same = Directive.objects.filter(number=number, issued_year=year)
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise Duplicate(
            _("A directive numbered %(number)s was already issued in %(year)d.")
            % {"number": number, "year": year},
            code="duplicate",
            field="number",
        )


def check_new_document_id(document_id: str) -> None:
    """Duplicate (409) when a directive already carries this DocumentId."""
    found = Directive.objects.filter(document_id=document_id).first()
    if found is not None:
        raise Duplicate(
            _(
                "This document has already been received from the document system: "
                "it is directive %(number)s."
            )
            % {"number": found.number},
            code="duplicate",
        )


def _save_unique(directive: Directive, **kwargs: object) -> None:
    try:
        with transaction.atomic():
            directive.save(**kwargs)
    except IntegrityError as exc:
        # Another officer saved the same number between the check and the save.
        raise Duplicate(
            _("A directive numbered %(number)s was already issued in %(year)d.")
            % {"number": directive.number, "year": directive.issued_on.year},
            code="duplicate",
            field="number",
        ) from exc


@transaction.atomic
def create_directive(
    *,
    kind: str,
    number: str,
    summary: str,
    issued_on: date,
    signer: str = "",
    directing_leader: User | None = None,
    proposing_agency: Agency | None = None,
    classification: str = Directive.Classification.THUONG,
    needs_opinions: bool = False,
    source: str = Directive.Source.PAGE,
    document_id: str = "",
    sender_code: str = "",
    by: User,
    today: date | None = None,
) -> Directive:
    """Record a directive; a classified one is refused and nothing is stored.

    `document_id` and `sender_code` are its reference in the document system
    (edXML DocumentId, From/OrganId) when it came from there.
    """
    refuse_classified(classification)
    if not can_record_directives(by):
        raise NotAllowed(_("Only the Office records directives."))
    today = today or timezone.localdate()
    values = _check_fields(
        {
            "kind": kind,
            "number": number,
            "summary": summary,
            "issued_on": issued_on,
            "signer": signer,
            "directing_leader": directing_leader,
            "proposing_agency": proposing_agency,
        },
        today=today,
    )
    _check_unique(values["number"], issued_on.year)
    document_id = (document_id or "").strip()
    if document_id:
        check_new_document_id(document_id)
    directive = Directive(
        **values,
        needs_opinions=needs_opinions,
        source=source,
        document_id=document_id,
        sender_code=(sender_code or "").strip(),
        created_by=by,
    )
    _save_unique(directive)
    audit.record(
        "directive.create", obj=directive, by=by, after=audit.snapshot(directive)
    )
    return directive


@transaction.atomic
def update_directive(
    directive: Directive,
    *,
    by: User,
    today: date | None = None,
    version: int | None = None,
    **fields: object,
) -> Directive:
    """Change a directive's recorded fields (Art. 8.1 corrections).

    With `version` (the one the editor read), a save by someone else in
    between raises StaleVersion instead of silently overwriting it.
    """
    if not can_record_directives(by):
        raise NotAllowed(_("Only the Office records directives."))
    if version is not None:
        moved = Directive.objects.filter(pk=directive.pk, version=version).update(
            version=F("version") + 1
        )
        if not moved:
            raise StaleVersion
        directive.version = int(version) + 1
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise InvalidInput(
            {name: [_("This field cannot be changed.")] for name in unknown}
        )
    if "classification" in fields:
        refuse_classified(str(fields.pop("classification")))
    today = today or timezone.localdate()
    values = _check_fields(fields, today=today)
    before = audit.snapshot(directive)
    for name, value in values.items():
        setattr(directive, name, value)
    _check_unique(directive.number, directive.issued_on.year, exclude_pk=directive.pk)
    _save_unique(directive)
    old, new = audit.diff(before, audit.snapshot(directive))
    audit.record("directive.update", obj=directive, by=by, before=old, after=new)
    return directive


@transaction.atomic
def set_document_status(
    directive: Directive, status: str, *, at: datetime
) -> Directive:
    """Record what the issuer did to the document (edXML BussinessDocType 1-3)."""
    if status not in Directive.DocumentStatus.values:
        raise InvalidInput({"document_status": [_("Unknown document status.")]})
    Directive.objects.filter(pk=directive.pk).update(
        document_status=status, document_status_at=at
    )
    directive.document_status, directive.document_status_at = status, at
    return directive


@transaction.atomic
def set_document_reference(
    directive: Directive, *, document_id: str, sender_code: str, by: User
) -> Directive:
    """Link a directive entered by hand to its record in the document system."""
    if not can_record_directives(by):
        raise NotAllowed(_("Only the Office records directives."))
    document_id = document_id.strip()
    if document_id and document_id != directive.document_id:
        check_new_document_id(document_id)
    directive.document_id = document_id
    directive.sender_code = sender_code.strip()
    try:
        with transaction.atomic():
            directive.save(update_fields=["document_id", "sender_code"])
    except IntegrityError as exc:
        raise Duplicate(
            _("This document has already been received from the document system."),
            code="duplicate",
        ) from exc
    return directive
