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
    # Art. 8.1: officers' "done" reports went through their heads.
    assert TaskEvent.objects.filter(action="approve_done").exists()
    # Issue 15: an urge and a leader's direction to be seen on the pages.
    assert TaskEvent.objects.filter(action="urge").exists()
    assert TaskEvent.objects.filter(action="direct", actor__username="chutich").exists()
    # Each state change on record matches the task's state now.
    for task in Task.objects.prefetch_related("events"):
        moves = [e for e in task.events.all() if e.to_state]
        assert moves[-1].to_state == task.state, task.content


@pytest.mark.django_db
def test_the_demo_history_is_whole_and_ends_with_each_task() -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from chidao.tasks.history import check
    from chidao.tasks.models import TaskHistory

    seed_demo()
    assert check() == []
    # A change made behind the history's back is found.
    task = Task.objects.filter(state=Task.State.ACCEPTED).first()
    Task.objects.filter(pk=task.pk).update(state=Task.State.CANCELLED)
    assert [f.task_id for f in check()] == [task.pk]
    with pytest.raises(CommandError):
        call_command("check_history")
    # A gap between two rows is found too: remove a middle row of a long history.
    from django.db.models import Count

    long = (
        TaskHistory.objects.values("task_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=3)
        .order_by("task_id")
        .values_list("task_id", flat=True)
        .first()
    )
    middle = TaskHistory.objects.filter(task_id=long).order_by("valid_from")[1]
    TaskHistory.objects.filter(pk=middle.pk).delete()
    assert long in {f.task_id for f in check()}
