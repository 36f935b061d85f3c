"""Hooks from apps above tasks: calendar edits and agency merges."""

from datetime import date

from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone

from chidao.agencies.models import Agency
from chidao.agencies.signals import agency_merged
from chidao.attachments.signals import attachment_refused
from chidao.directives.models import Directive
from chidao.workdays.signals import calendar_changed

from . import reach, rollup, services
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


# -- the standing counts follow directive edits and deleted tasks (rollup) ----


def _rollup_keys(values: dict) -> rollup.DirectiveKeys:
    return rollup.DirectiveKeys(
        values["issued_on"], values["directing_leader_id"], values["handover_due_on"]
    )


ROLLUP_FIELDS = ("issued_on", "directing_leader_id", "handover_due_on")


@receiver(pre_save, sender=Directive, dispatch_uid="tasks.rollup_directive_before")
def remember_directive_keys(
    sender: object, instance: Directive, **kwargs: object
) -> None:
    if instance.pk is None:
        return
    old = Directive.objects.filter(pk=instance.pk).values(*ROLLUP_FIELDS).first()
    if old is not None:
        instance._rollup_before = _rollup_keys(old)


@receiver(post_save, sender=Directive, dispatch_uid="tasks.rollup_directive_after")
def move_directive_counts(
    sender: object, instance: Directive, **kwargs: object
) -> None:
    before = instance.__dict__.pop("_rollup_before", None)
    after = _rollup_keys({name: getattr(instance, name) for name in ROLLUP_FIELDS})
    if before is not None and before != after:
        rollup.directive_moved(instance.pk, old=before, new=after)


@receiver(pre_delete, sender=Task, dispatch_uid="tasks.rollup_task_deleted")
def forget_deleted_task(sender: object, instance: Task, **kwargs: object) -> None:
    rollup.task_deleted(instance)


# -- who sees a task follows its cooperating agencies and the tree (reach) ----


@receiver(
    m2m_changed,
    sender=Task.cooperating_agencies.through,
    dispatch_uid="tasks.reach_cooperating",
)
def follow_cooperating(
    sender: object,
    instance: object,
    action: str,
    reverse: bool,
    pk_set: set[int] | None,
    **kwargs: object,
) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        reach.follow([instance.pk])  # type: ignore[attr-defined]
    elif pk_set is not None:
        reach.follow(pk_set)
    else:  # an agency's cooperations cleared: which tasks is gone
        reach.rebuild()


@receiver(pre_save, sender=Agency, dispatch_uid="tasks.reach_tree_before")
def remember_agency_parent(sender: object, instance: Agency, **kwargs: object) -> None:
    if instance.pk is not None:
        instance._reach_parent = (
            Agency.objects.filter(pk=instance.pk)
            .values_list("parent_id", flat=True)
            .first()
        )


@receiver(post_save, sender=Agency, dispatch_uid="tasks.reach_tree_after")
def follow_agency_tree(
    sender: object, instance: Agency, created: bool, **kwargs: object
) -> None:
    before = instance.__dict__.pop("_reach_parent", instance.parent_id)
    if not created and before != instance.parent_id:
        reach.rebuild()  # a unit moved: its tasks' readers above it changed


@receiver(agency_merged, sender=Agency, dispatch_uid="tasks.reach_after_merge")
def follow_merge(sender: object, **kwargs: object) -> None:
    # After `move_tasks_after_merge` (connected first): the dissolved
    # agency's units now report to its successor.
    reach.rebuild()
