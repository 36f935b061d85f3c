"""The agency's own dashboard: its numbers, queues and units' tasks."""

from datetime import date

from django.db import transaction
from django.urls import reverse

from chidao.tasks.history import record
from chidao.tasks.models import Task

from .conftest import TODAY

URL = reverse("reports:agency_dashboard")


def list_count(client, url: str) -> int:  # noqa: ANN001
    return client.get(url).context["page"].paginator.count


def test_agency_sees_its_own_numbers_and_queues(client, province, stc_chuyenvien):
    client.force_login(stc_chuyenvien)

    response = client.get(URL)

    assert response.status_code == 200
    totals = response.context["totals"]
    assert (totals.total, totals.overdue, totals.done_late) == (5, 1, 1)
    queues = {key: n for key, _rows, n in response.context["queues"]}
    # Queues are today's work, whatever the period: the Q3 task is overdue too.
    assert queues["overdue"] == 2
    assert queues["returned"] == 0
    units = response.context["units"].rows
    assert [(r.key, r.total) for r in units] == [(province.stc_unit.pk, 1)]


def test_numbers_link_to_the_same_tasks_on_the_list(client, province, stc_chuyenvien):
    client.force_login(stc_chuyenvien)
    response = client.get(URL)

    for card in response.context["cards"]:
        assert list_count(client, card["url"]) == card["count"]
    unit = response.context["units"].rows[0]
    for status, n in unit.counts.items():
        assert list_count(client, unit.links[status]) == n


def test_returned_tasks_are_listed(client, province, stc_lanhdao):
    task = province.tasks["on_track"]
    Task.objects.filter(pk=task.pk).update(state=Task.State.RETURNED)
    with transaction.atomic():  # written as every change is: with its history
        record(Task.objects.get(pk=task.pk), on=TODAY)
    client.force_login(stc_lanhdao)

    response = client.get(URL)

    returned = next(
        rows for key, rows, _n in response.context["queues"] if key == "returned"
    )
    assert [t.pk for t in returned] == [task.pk]
    assert list_count(client, response.context["returned_url"]) == 1


def test_another_agency_sees_none_of_it(client, province, snv_chuyenvien):
    client.force_login(snv_chuyenvien)

    response = client.get(URL)

    assert response.context["totals"].total == 2
    assert response.context["units"].rows == []
    shown = {t.pk for _k, rows, _n in response.context["queues"] for t in rows}
    assert shown <= {province.tasks["snv_overdue"].pk, province.tasks["snv_done"].pk}


def test_office_people_are_refused(client, today, vp_chuyenvien, chutich):
    for user in (vp_chuyenvien, chutich):
        client.force_login(user)
        assert client.get(URL).status_code == 403


def test_bad_period_is_422(client, today, stc_chuyenvien):
    client.force_login(stc_chuyenvien)

    assert client.get(URL, {"period": "q9"}).status_code == 422


def test_period_reaches_back(client, province, stc_chuyenvien):
    client.force_login(stc_chuyenvien)

    response = client.get(URL, {"period": "q3", "year": "2026", "as_of": "2026-09-30"})

    assert response.context["period"].start == date(2026, 7, 1)
    assert response.context["totals"].total == 1
