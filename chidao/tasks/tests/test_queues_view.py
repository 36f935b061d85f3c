""" "Việc của tôi" for the Office, "Nhiệm vụ được giao" for agencies."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from chidao.tasks.models import Task
from chidao.tasks.tests.factories import ExtensionRequestFactory, TaskFactory

S = Task.State


def _group(response: object, key: str) -> list[int]:
    for name, rows, _count in response.context["groups"]:
        if name == key:
            return [t.pk for t in rows]
    raise AssertionError(key)


def test_my_work_groups_the_office_work(
    client: object, vp_lanhdao: object, stc: object, stc_chuyenvien: object
) -> None:
    draft = TaskFactory(lead_agency=stc)
    returned = TaskFactory(lead_agency=stc, state=S.RETURNED)
    to_check = TaskFactory(lead_agency=stc, state=S.REPORTED_DONE)
    late = TaskFactory(lead_agency=stc, state=S.ACCEPTED, deadline=date(2020, 5, 4))
    waiting = TaskFactory(lead_agency=stc, state=S.ACCEPTED, deadline=date(2099, 1, 1))
    ExtensionRequestFactory(
        task=waiting, requested_by=stc_chuyenvien, new_deadline=date(2099, 2, 1)
    )
    client.force_login(vp_lanhdao)
    # The factory's deadlines fall in December 2026: look before them.
    noon = datetime(2026, 11, 28, 12, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(noon, tick=False):
        response = client.get(reverse("tasks:my_work"))
    assert response.status_code == 200
    assert _group(response, "handover") == [draft.pk]
    assert _group(response, "returned") == [returned.pk]
    assert _group(response, "to_check") == [to_check.pk]
    assert _group(response, "overdue") == [late.pk]
    assert _group(response, "extensions") == [waiting.pk]


def test_tracking_officer_sees_own_and_unassigned_tasks(
    client: object, vp_chuyenvien: object, vp_lanhdao: object, stc: object
) -> None:
    mine = TaskFactory(lead_agency=stc, tracking_officer=vp_chuyenvien)
    nobody = TaskFactory(lead_agency=stc)
    TaskFactory(lead_agency=stc, tracking_officer=vp_lanhdao)
    client.force_login(vp_chuyenvien)
    response = client.get(reverse("tasks:my_work"))
    assert sorted(_group(response, "handover")) == sorted([mine.pk, nobody.pk])
    assert "extensions" not in [g[0] for g in response.context["groups"]]


def test_inbox_groups_the_agency_work(
    client: object, stc_chuyenvien: object, stc: object, snv: object
) -> None:
    new = TaskFactory(lead_agency=stc, state=S.HANDED_OVER, deadline=date(2099, 1, 1))
    late = TaskFactory(lead_agency=stc, state=S.ACCEPTED, deadline=date(2020, 1, 6))
    periodic = TaskFactory(
        lead_agency=stc, state=S.ACCEPTED, kind=Task.Kind.PERIODIC_REPORT
    )
    helping = TaskFactory(lead_agency=snv, state=S.ACCEPTED, cooperating_agencies=[stc])
    client.force_login(stc_chuyenvien)
    response = client.get(reverse("tasks:inbox"))
    assert _group(response, "new") == [new.pk]
    assert _group(response, "overdue") == [late.pk]
    assert sorted(_group(response, "awaiting_report")) == sorted([late.pk, periodic.pk])
    assert sorted(_group(response, "in_progress")) == sorted([late.pk, periodic.pk])
    assert _group(response, "cooperating") == [helping.pk]


def test_queues_are_for_their_roles(
    client: object, stc_chuyenvien: object, vp_chuyenvien: object, chutich: object
) -> None:
    client.force_login(stc_chuyenvien)
    assert client.get(reverse("tasks:my_work")).status_code == 403
    client.force_login(vp_chuyenvien)
    assert client.get(reverse("tasks:inbox")).status_code == 403
    client.force_login(chutich)
    assert client.get(reverse("tasks:my_work")).status_code == 403
