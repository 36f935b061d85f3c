"""Hooks from apps above tasks: calendar edits and agency merges."""

from datetime import date

from django.dispatch import receiver
from django.utils import timezone

from chidao.agencies.models import Agency
from chidao.agencies.signals import agency_merged
from chidao.attachments.signals import attachment_refused
from chidao.workdays.signals import calendar_changed

from . import services
from .events import record_event
from .models import Task, TaskEvent


@receiver(calendar_changed, dispatch_uid="tasks.recompute_due_dates")
def recompute_after_calendar_change(sender: object, day: date, **kwargs: object) -> int:
    return services.recompute_due_dates(since=day)


@receiver(agency_merged, sender=Agency, dispatch_uid="tasks.move_merged_tasks")
def move_tasks_after_merge(
    sender: object, merge: object, by: object = None, **kwargs: object
) -> dict[str, int]:
    return {"tasks": services.move_tasks_of_merged_agency(merge, by=by)}


@receiver(attachment_refused, dispatch_uid="tasks.record_refused_file")
def record_refused_file(
    sender: object,
    attachment: object = None,
    parent: object = None,
    reason: str = "",
    by: object = None,
    **kwargs: object,
) -> None:
    """A refused or infected file is an event on its task (Art. 11)."""
    task = parent if isinstance(parent, Task) else getattr(parent, "task", None)
    if not isinstance(task, Task):
        return
    name = getattr(attachment, "original_name", "") or getattr(attachment, "name", "")
    record_event(
        task,
        TaskEvent.Action.FILE_REFUSED,
        by=by,
        at=timezone.now(),
        note=str(reason),
        data={"file": str(name)} if name else {},
    )
