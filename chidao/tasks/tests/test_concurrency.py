"""Double transitions under concurrency happen once (SECURITY.md 53).

Ten threads take the same step on the same task at once. Run on PostgreSQL:
SQLite serialises writers, so there is nothing to race there.
"""

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from chidao.lib.errors import DomainError
from chidao.tasks import workflow
from chidao.tasks.models import ExtensionRequest, Task, TaskEvent
from chidao.tasks.tests.factories import ExtensionRequestFactory, TaskFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locking"
    ),
]
THREADS = 10


def _race(step: Callable[[], object]) -> list[str]:
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run() -> None:
        barrier.wait()
        try:
            step()
            result = "ok"
        except DomainError as exc:
            result = exc.code
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_line_53_ten_officers_accepting_at_once_accept_once(
    stc_chuyenvien: object,
) -> None:
    task = TaskFactory(state=Task.State.HANDED_OVER, lead_agency=stc_chuyenvien.agency)

    def accept() -> None:
        workflow.perform(Task.objects.get(pk=task.pk), "accept", by=stc_chuyenvien)

    outcomes = _race(accept)
    assert sorted(outcomes) == ["ok"] + ["wrong_state"] * (THREADS - 1)
    assert TaskEvent.objects.filter(task=task, action="accept").count() == 1
    task.refresh_from_db()
    assert (task.state, task.version) == (Task.State.ACCEPTED, 2)


def test_line_53_one_extension_approval_among_ten(
    vp_lanhdao: object, stc_chuyenvien: object
) -> None:
    task = TaskFactory(state=Task.State.ACCEPTED, lead_agency=stc_chuyenvien.agency)
    ExtensionRequestFactory(task=task, requested_by=stc_chuyenvien)

    def approve() -> None:
        workflow.perform(
            Task.objects.get(pk=task.pk), "approve_extension", by=vp_lanhdao
        )

    outcomes = _race(approve)
    assert outcomes.count("ok") == 1
    assert ExtensionRequest.objects.get().state == ExtensionRequest.State.APPROVED
    assert TaskEvent.objects.filter(action="approve_extension").count() == 1


def test_ten_agencies_accepting_at_once_keep_the_standing_counts(
    stc_chuyenvien: object,
) -> None:
    """Ten tasks of one directive (the same count rows) accepted at once, the
    first of them on a new day (issue 12): the roll-up still checks out."""
    from datetime import timedelta

    from django.utils import timezone

    from chidao.tasks import rollup
    from chidao.tasks.models import StandingRollup

    agency = stc_chuyenvien.agency
    first = TaskFactory(state=Task.State.HANDED_OVER, lead_agency=agency)
    tasks = [first] + [
        TaskFactory(
            state=Task.State.HANDED_OVER, lead_agency=agency, directive=first.directive
        )
        for _n in range(THREADS - 1)
    ]
    rollup.rebuild(timezone.localdate() - timedelta(days=1))
    queue = list(tasks)
    lock = threading.Lock()

    def accept() -> None:
        with lock:
            task = queue.pop()
        workflow.perform(Task.objects.get(pk=task.pk), "accept", by=stc_chuyenvien)

    assert _race(accept) == ["ok"] * THREADS
    assert StandingRollup.objects.get().day == timezone.localdate()
    assert rollup.check() == []
