"""The one writer of task events (the append-only log the timeline is drawn
from) and of the history every report as of a day is read from."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from . import history
from .models import Task, TaskEvent

if TYPE_CHECKING:
    from chidao.accounts.models import User


def record_event(
    task: Task,
    action: str,
    *,
    by: User | None,
    at: datetime,
    from_state: str | None = None,
    to_state: str | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> TaskEvent:
    """Log `action` on `task` and carry the task as it now is into its history.

    `task` must hold the values just written (refresh it after an UPDATE).
    """
    event = TaskEvent.objects.create(
        task=task,
        actor=by,
        at=at,
        action=action,
        from_state=task.state if from_state is None else from_state,
        to_state=task.state if to_state is None else to_state,
        note=note,
        data=data or {},
    )
    history.record(task, on=timezone.localdate(at))
    return event
