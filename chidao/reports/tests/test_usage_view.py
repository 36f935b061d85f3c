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
    assert rows["Sở Tài chính"]["active_users"] == 1
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
