"""The demo work: idempotent, every state and every report status present."""

from datetime import date

import pytest

from chidao.demo.seed import seed_demo
from chidao.directives.models import Directive
from chidao.tasks.models import Task, TaskEvent
from chidao.tasks.standing import ReportStatus


@pytest.mark.django_db
def test_seed_work_is_idempotent_and_covers_the_workflow() -> None:
    seed_demo()
    counts = (
        Directive.objects.count(),
        Task.objects.count(),
        TaskEvent.objects.count(),
    )
    seed_demo()
    assert (
        Directive.objects.count(),
        Task.objects.count(),
        TaskEvent.objects.count(),
    ) == counts
    assert counts[0] == 8 and counts[1] >= 38
    assert set(Task.objects.values_list("state", flat=True)) == set(Task.State.values)
    statuses = set(
        Task.objects.counted(date(2026, 11, 28)).values_list("report_status", flat=True)
    )
    assert statuses == set(ReportStatus.values)
    assert Task.objects.filter(parent__isnull=False).count() >= 3
    # Each state change on record matches the task's state now.
    for task in Task.objects.prefetch_related("events"):
        moves = [e for e in task.events.all() if e.to_state]
        assert moves[-1].to_state == task.state, task.content
