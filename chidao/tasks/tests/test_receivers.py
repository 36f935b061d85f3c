"""Hooks from other apps: refused files become task events."""

from chidao.attachments.signals import attachment_refused
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import ProgressReportFactory, TaskFactory


def test_refused_file_on_a_task_is_an_event(stc_chuyenvien: object) -> None:
    task = TaskFactory(state=Task.State.ACCEPTED, lead_agency=stc_chuyenvien.agency)
    attachment_refused.send(
        sender=None,
        attachment=None,
        parent=task,
        reason="Tệp có macro.",
        by=stc_chuyenvien,
    )
    event = task.events.get()
    assert (event.action, event.note, event.actor) == (
        "file_refused",
        "Tệp có macro.",
        stc_chuyenvien,
    )


def test_refused_file_on_a_report_is_an_event_of_its_task(
    stc_chuyenvien: object,
) -> None:
    report = ProgressReportFactory(by=stc_chuyenvien)
    attachment_refused.send(
        sender=None, attachment=None, parent=report, reason="Nhiễm mã độc.", by=None
    )
    assert report.task.events.get().action == "file_refused"


def test_other_parents_are_ignored(stc: object) -> None:
    attachment_refused.send(
        sender=None, attachment=None, parent=stc, reason="x", by=None
    )
