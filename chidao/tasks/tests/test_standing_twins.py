"""The rules of `standing` are written twice (SQL for lists and counts, Python
for one task): over every combination of their inputs the two agree."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from chidao.tasks import standing
from chidao.tasks.models import Task, TaskHistory
from chidao.tasks.tests.factories import DirectiveFactory, TaskFactory

AS_OF = date(2026, 11, 18)
DAYS = (None, AS_OF - timedelta(days=1), AS_OF, AS_OF + timedelta(days=1))


def test_status_in_sql_and_in_python_agree(db) -> None:
    directive = DirectiveFactory(issued_on=date(2026, 10, 1))
    template = TaskFactory(directive=directive)
    cases = list(itertools.product(Task.State.values, DAYS, DAYS, (None, AS_OF)))
    rows = []
    tasks = Task.objects.bulk_create(
        [
            Task(
                directive=directive,
                content=f"Trường hợp {n}",
                lead_agency=template.lead_agency,
                kind=Task.Kind.DEADLINE_REPORT if deadline else Task.Kind.NO_REPORT,
                deadline=deadline,
                state=state,
            )
            for n, (state, deadline, _completed, _confirmed) in enumerate(cases)
        ]
    )
    for task, (state, deadline, completed, confirmed) in zip(tasks, cases, strict=True):
        rows.append(
            TaskHistory(
                task=task,
                valid_from=date(2026, 10, 1),
                state=state,
                lead_agency=template.lead_agency,
                kind=task.kind,
                deadline=deadline,
                completed_on=completed,
                confirmed_on=confirmed,
            )
        )
    TaskHistory.objects.bulk_create(rows)
    annotated = dict(
        Task.objects.filter(pk__in=[t.pk for t in tasks])
        .with_standing(AS_OF)
        .values_list("pk", "report_status")
    )
    for task, (state, deadline, completed, confirmed) in zip(tasks, cases, strict=True):
        python = standing.status_of(state, deadline, completed, confirmed, AS_OF)
        assert annotated[task.pk] == python, (state, deadline, completed, confirmed)


def test_handover_status_in_sql_and_in_python_agree(db) -> None:
    due = AS_OF
    directive = DirectiveFactory(issued_on=date(2026, 11, 10), handover_due_on=due)
    template = TaskFactory(directive=directive)
    cases = list(itertools.product(Task.State.values, DAYS, (False, True)))
    parent = TaskFactory(directive=directive, state=Task.State.ACCEPTED)
    tasks = Task.objects.bulk_create(
        [
            Task(
                directive=directive,
                content=f"Trường hợp {n}",
                lead_agency=template.lead_agency,
                kind=Task.Kind.DEADLINE_REPORT,
                deadline=date(2026, 12, 31),
                state=state,
                parent=parent if sub else None,
            )
            for n, (state, _handed, sub) in enumerate(cases)
        ]
    )
    TaskHistory.objects.bulk_create(
        [
            TaskHistory(
                task=task,
                valid_from=date(2026, 11, 10),
                state=state,
                lead_agency=template.lead_agency,
                kind=task.kind,
                deadline=task.deadline,
                handed_over_on=handed,
            )
            for task, (state, handed, _sub) in zip(tasks, cases, strict=True)
        ]
    )
    annotated = dict(
        Task.objects.filter(pk__in=[t.pk for t in tasks])
        .with_handover_status(AS_OF)
        .values_list("pk", "handover_status")
    )
    for task, (state, handed, sub) in zip(tasks, cases, strict=True):
        python = standing.handover_status_of(state, handed, due, AS_OF, is_subtask=sub)
        assert annotated[task.pk] == python, (state, handed, sub)
