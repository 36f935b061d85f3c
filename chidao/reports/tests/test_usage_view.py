"""Art. 13 usage report page and downloads."""

import io
from datetime import date

from axes.models import AccessLog
from django.urls import reverse
from openpyxl import load_workbook

from .conftest import at

URL = reverse("reports:usage")


def sign_in(user, day: date) -> None:  # noqa: ANN001
    log = AccessLog.objects.create(username=user.username, ip_address="10.0.0.2")
    AccessLog.objects.filter(pk=log.pk).update(attempt_time=at(day))


def test_page_lists_agencies_with_their_use(
    client, province, vp_lanhdao, stc_chuyenvien
):
    sign_in(stc_chuyenvien, date(2026, 11, 2))
    sign_in(stc_chuyenvien, date(2026, 11, 3))
    client.force_login(vp_lanhdao)

    response = client.get(URL, {"period": "q4", "year": "2026"})

    assert response.status_code == 200
    rows = {r["name"]: r for r in response.context["table"].rows}
    assert rows["Sở Tài chính"]["sign_ins"] == 2
    # Active: signed in, or acted on a task in the period (issue 15).
    from chidao.tasks.models import TaskEvent

    acted = set(
        TaskEvent.objects.filter(
            actor__agency=stc_chuyenvien.agency, at__date__gte=date(2026, 10, 1)
        ).values_list("actor__username", flat=True)
    )
    assert rows["Sở Tài chính"]["active_users"] == len(
        acted | {stc_chuyenvien.username}
    )
    assert rows["Sở Nội vụ"]["sign_ins"] == 0


def test_xlsx_has_the_same_rows(client, province, vp_lanhdao, stc_chuyenvien):
    sign_in(stc_chuyenvien, date(2026, 11, 2))
    client.force_login(vp_lanhdao)
    page = client.get(URL).context["table"]

    response = client.get(reverse("reports:usage_download", args=["xlsx"]))

    assert response.status_code == 200
    values = list(
        load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    header = next(i for i, r in enumerate(values) if r[0] in ("No.", "STT"))
    body = values[header + 1 :]
    assert [r[1] for r in body[:-1]] == [r["name"] for r in page.rows]
    assert body[-1][4] == page.totals["sign_ins"]
    stc_row = next(r for r in body if r[1] == "Sở Tài chính")
    assert stc_row[4] == 1


def test_sign_in_through_the_page_is_counted(client, today, vp_lanhdao, stc_chuyenvien):
    from chidao.accounts.tests.factories import PASSWORD

    assert (
        client.post(
            reverse("accounts:login"),
            {"username": stc_chuyenvien.username, "password": PASSWORD},
        ).status_code
        == 302
    )
    client.logout()
    client.force_login(vp_lanhdao)

    rows = {r["key"]: r for r in client.get(URL).context["table"].rows}

    assert rows[stc_chuyenvien.agency_id]["sign_ins"] == 1


def test_an_agency_working_through_the_api_is_active(
    client, token_client, today, vp_lanhdao, stc_chuyenvien, snv_chuyenvien
):
    from chidao.tasks.models import Task
    from chidao.tasks.tests.factories import TaskFactory

    task = TaskFactory(state=Task.State.ACCEPTED, lead_agency=stc_chuyenvien.agency)
    api = token_client(stc_chuyenvien)
    filed = api.post(
        f"/api/v1/tasks/{task.pk}/reports", {"text": "Đã triển khai"}, format="json"
    )
    assert filed.status_code == 201
    api.post(f"/api/v1/tasks/{task.pk}/comments", {"text": "Xin ý kiến"})
    client.force_login(vp_lanhdao)

    rows = {
        r["name"]: r
        for r in client.get(URL, {"period": "q4", "year": "2026"}).context["table"].rows
    }

    stc = rows["Sở Tài chính"]
    assert stc["sign_ins"] == 0  # no web sign-in
    assert stc["actions"] == 2
    assert stc["active_users"] == 1
    assert stc["reports_filed"] == 1
    assert rows["Sở Nội vụ"]["actions"] == rows["Sở Nội vụ"]["active_users"] == 0


def test_a_person_signing_in_and_acting_counts_once(
    client, today, vp_lanhdao, stc_chuyenvien
):
    from chidao.tasks import workflow
    from chidao.tasks.models import Task
    from chidao.tasks.tests.factories import TaskFactory

    sign_in(stc_chuyenvien, date(2026, 11, 2))
    task = TaskFactory(state=Task.State.ACCEPTED, lead_agency=stc_chuyenvien.agency)
    workflow.perform(task, "report", by=stc_chuyenvien, data={"text": "Xong 50%"})
    client.force_login(vp_lanhdao)
    rows = {r["name"]: r for r in client.get(URL).context["table"].rows}
    assert rows["Sở Tài chính"]["active_users"] == 1
    assert rows["Sở Tài chính"]["sign_ins"] == 1
