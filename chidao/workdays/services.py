"""Writes to the calendar: every change clears the cache and tells listeners."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from chidao.accounts.models import User
from chidao.accounts.permissions import is_admin
from chidao.audit import services as audit
from chidao.lib.errors import NotAllowed, Refused

from .calendar import WorkCalendar
from .models import DayKind, DayOverride
from .signals import calendar_changed


def _changed(day: date) -> None:
    WorkCalendar.changed()
    calendar_changed.send(sender=DayOverride, day=day)


def can_edit_calendar(user: User) -> bool:
    return is_admin(user)


@transaction.atomic
def set_day_override(day: date, *, kind: str, reason: str, by: User) -> DayOverride:
    """Mark `day` as an extra day off or a make-up working day."""
    if not can_edit_calendar(by):
        raise NotAllowed
    if kind not in DayKind.values:
        raise Refused(_("Choose a day off or a make-up working day."))
    reason = reason.strip()
    if not reason:
        raise Refused(_("Give the reason, e.g. the announcement that sets this day."))
    if len(reason) > 500:
        raise Refused(_("The reason is too long (at most 500 characters)."))
    old = DayOverride.objects.filter(day=day).first()
    before = audit.snapshot(old, ["day", "kind", "reason"]) if old else {}
    override, _created = DayOverride.objects.update_or_create(
        day=day, defaults={"kind": kind, "reason": reason, "created_by": by}
    )
    _changed(day)
    audit.record(
        "calendar.set_day",
        obj=override,
        by=by,
        before=before,
        after=audit.snapshot(override, ["day", "kind", "reason"]),
    )
    return override


@transaction.atomic
def remove_day_override(day: date, *, by: User) -> bool:
    """Remove the announced day on `day`; False when there was none."""
    if not can_edit_calendar(by):
        raise NotAllowed
    old = DayOverride.objects.filter(day=day).first()
    deleted, _rows = DayOverride.objects.filter(day=day).delete()
    if deleted:
        _changed(day)
        audit.record(
            "calendar.remove_day",
            object_type="workdays.DayOverride",
            object_id=day.isoformat(),
            object_repr=str(old),
            by=by,
            before=audit.snapshot(old, ["day", "kind", "reason"]) if old else {},
        )
    return bool(deleted)
