"""What a queue row needs to be decided where it is shown (issue 16).

The hand-over limit of Art. 7.1, the reason a task came back, the extension
asked for: read in one query per queue, put on the rows `decorate` made.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from .models import ExtensionRequest, Task, TaskEvent


def return_reasons(task_ids: Sequence[int]) -> dict[int, str]:
    """The reason of each task's latest return (Art. 6.2a), by task id."""
    out: dict[int, str] = {}
    events = TaskEvent.objects.filter(
        task_id__in=task_ids, action=TaskEvent.Action.RETURN
    ).order_by("task_id", "-at", "-id")
    for task_id, note in events.values_list("task_id", "note"):
        out.setdefault(task_id, note)
    return out


def add_details(key: str, rows: Sequence[Task], today: date) -> Sequence[Task]:
    ids = [task.pk for task in rows]
    if key == "handover":
        for task in rows:
            due = task.directive.handover_due_on
            task.handover_due = due
            task.handover_late = due is not None and due < today
    elif key == "returned":
        reasons = return_reasons(ids)
        for task in rows:
            task.return_reason = reasons.get(task.pk, "")
    elif key == "extensions":
        requests = {
            r.task_id: r
            for r in ExtensionRequest.objects.filter(
                task_id__in=ids, state=ExtensionRequest.State.REQUESTED
            )
        }
        for task in rows:
            task.open_extension = requests.get(task.pk)
    return rows
