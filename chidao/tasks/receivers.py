"""Hooks from apps above tasks: calendar edits and agency merges."""

from datetime import date

from django.dispatch import receiver

from chidao.agencies.models import Agency
from chidao.agencies.signals import agency_merged
from chidao.workdays.signals import calendar_changed

from . import services


@receiver(calendar_changed, dispatch_uid="tasks.recompute_due_dates")
def recompute_after_calendar_change(sender: object, day: date, **kwargs: object) -> int:
    return services.recompute_due_dates(since=day)


@receiver(agency_merged, sender=Agency, dispatch_uid="tasks.move_merged_tasks")
def move_tasks_after_merge(
    sender: object, merge: object, by: object = None, **kwargs: object
) -> dict[str, int]:
    return {"tasks": services.move_tasks_of_merged_agency(merge, by=by)}
