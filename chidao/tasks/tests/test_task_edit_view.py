"""Editing a task: optimistic locking keeps the second editor's input."""

from datetime import date

from django.urls import reverse

from chidao.tasks import services
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import TaskFactory


def _form(task: Task, **overrides: object) -> dict:
    data = {
        "content": task.content,
        "lead_agency": task.lead_agency_id,
        "kind": task.kind,
        "deadline": task.deadline.isoformat(),
        "period": "",
        "version": task.version,
    }
    data.update(overrides)
    return data


def test_stale_save_is_refused_with_a_message_and_input_kept(
    client: object, vp_chuyenvien: object, vp_lanhdao: object, stc: object
) -> None:
    task = TaskFactory(lead_agency=stc, content="Nội dung ban đầu")
    client.force_login(vp_chuyenvien)
    page = client.get(reverse("tasks:edit", args=[task.pk]))
    assert 'name="version" value="1"' in page.content.decode()
    # Another officer saves first.
    services.update_task(task, by=vp_lanhdao, version=1, content="Sửa của lãnh đạo")
    response = client.post(
        reverse("tasks:edit", args=[task.pk]),
        _form(task, content="Sửa của chuyên viên", version=1),
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Sửa của chuyên viên" in body
    assert "Someone else" in body or "người khác" in body.lower()
    task.refresh_from_db()
    assert task.content == "Sửa của lãnh đạo"


def test_save_records_an_event_and_redirects(
    client: object, vp_chuyenvien: object, stc: object
) -> None:
    task = TaskFactory(lead_agency=stc, deadline=date(2026, 12, 15))
    client.force_login(vp_chuyenvien)
    response = client.post(
        reverse("tasks:edit", args=[task.pk]), _form(task, deadline="2026-12-20")
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.deadline == date(2026, 12, 20)
    assert task.events.get().data["changes"]["deadline"] == ["2026-12-15", "2026-12-20"]


def test_invalid_edit_is_422_and_saves_nothing(
    client: object, vp_chuyenvien: object, stc: object
) -> None:
    task = TaskFactory(lead_agency=stc)
    client.force_login(vp_chuyenvien)
    response = client.post(
        reverse("tasks:edit", args=[task.pk]), _form(task, deadline="")
    )
    assert response.status_code == 422
    task.refresh_from_db()
    assert task.version == 1


def test_agency_may_not_edit(
    client: object, stc_chuyenvien: object, stc: object
) -> None:
    task = TaskFactory(lead_agency=stc, state=Task.State.ACCEPTED)
    client.force_login(stc_chuyenvien)
    assert client.get(reverse("tasks:edit", args=[task.pk])).status_code == 403


def test_outsider_gets_404(client: object, snv_chuyenvien: object, stc: object) -> None:
    task = TaskFactory(lead_agency=stc, state=Task.State.ACCEPTED)
    client.force_login(snv_chuyenvien)
    assert client.get(reverse("tasks:edit", args=[task.pk])).status_code == 404
