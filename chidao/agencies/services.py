"""Changes to the agency tree."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from chidao.audit import services as audit
from chidao.lib.errors import Refused

from .models import Agency, AgencyMerge
from .signals import agency_merged


@transaction.atomic
def merge_agency(
    old: Agency, *, into: Agency, effective_on: date, note: str = "", by: object
) -> AgencyMerge:
    """Dissolve `old` into `into`: record it, then move its users and open tasks."""
    old = Agency.objects.select_for_update().get(pk=old.pk)
    if old.pk == into.pk:
        raise Refused(
            _("An agency cannot be merged into itself."), code="invalid_merge"
        )
    if old.dissolved_on is not None:
        raise Refused(
            _("This agency has already been dissolved."), code="invalid_merge"
        )
    if into.dissolved_on is not None:
        raise Refused(
            _("The successor agency has itself been dissolved."), code="invalid_merge"
        )
    if into.pk in Agency.objects.subtree_ids(old.pk):
        raise Refused(
            _("An agency cannot be merged into one of its own units."),
            code="invalid_merge",
        )
    old.dissolved_on = effective_on
    old.successor = into
    old.save(update_fields=["dissolved_on", "successor"])
    # Units of the dissolved agency now report to the successor.
    Agency.objects.filter(parent=old).update(parent=into)
    merge = AgencyMerge.objects.create(
        dissolved=old, into=into, effective_on=effective_on, note=note, by=by
    )
    counts = {"tasks": 0, "users": 0}
    for _receiver, result in agency_merged.send(sender=Agency, merge=merge, by=by):
        if isinstance(result, dict):
            for key, value in result.items():
                counts[key] = counts.get(key, 0) + value
    merge.tasks_moved = counts["tasks"]
    merge.users_moved = counts["users"]
    merge.save(update_fields=["tasks_moved", "users_moved"])
    audit.record(
        "agency.merge",
        obj=old,
        by=by,
        before={"dissolved_on": None, "successor": None},
        after={
            "dissolved_on": effective_on,
            "successor": into.pk,
            "tasks_moved": merge.tasks_moved,
            "users_moved": merge.users_moved,
            "note": note,
        },
    )
    return merge
