"""The periodic report page and its downloads: same numbers as the API."""

import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from chidao.reports.exports import DOCX_TYPE, XLSX_TYPE

URL = reverse("reports:periodic")
Q4 = {"period": "q4", "year": "2026", "as_of": "2026-11-28"}


def test_page_shows_status_table_and_grouping(client, province, chutich):
    client.force_login(chutich)

    response = client.get(URL, {**Q4, "group_by": "leader"})

    assert response.status_code == 200
    grouped = response.context["grouped"]
    assert grouped.group_by == "leader"
    assert grouped.totals.total == 7
    counts = {r["key"]: r["count"] for r in response.context["status_table"].rows}
    assert counts == {
        "done_on_time": 1,
        "done_late": 1,
        "awaiting_confirmation": 0,
        "awaiting_confirmation_late": 0,
        "on_track": 1,
        "overdue": 2,
        "not_started": 0,
        "not_started_overdue": 0,
        "done_no_deadline": 1,
        "ongoing_no_deadline": 1,
    }
    body = response.content.decode()
    # A leader downloads the filed report as it stands; the Office builds it
    # in a job with its proposals (issue 15, test_build_view).
    assert reverse("reports:periodic_download", args=["xlsx"]) in body
    assert reverse("reports:periodic_download", args=["docx"]) in body
    assert 'name="office_proposals"' not in body


def test_half_year_and_year_periods(client, province, chutich):
    client.force_login(chutich)

    h2 = client.get(URL, {"period": "h2", "year": "2026"}).context["grouped"].totals
    year = client.get(URL, {"period": "year", "year": "2026"}).context["grouped"].totals
    h1 = client.get(URL, {"period": "h1", "year": "2026"}).context["grouped"].totals

    assert (h2.total, year.total, h1.total) == (8, 8, 0)


def test_downloads_match_the_api(client, token_client, province, chutich):
    api = (
        token_client(chutich)
        .get("/api/v1/reports/summary", {"from": "2026-10-01", "to": "2026-12-31"})
        .json()
    )
    client.force_login(chutich)

    xlsx = client.get(reverse("reports:periodic_download", args=["xlsx"]), Q4)
    docx = client.get(reverse("reports:periodic_download", args=["docx"]), Q4)

    assert xlsx["Content-Type"] == XLSX_TYPE
    assert docx["Content-Type"] == DOCX_TYPE
    assert xlsx["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[1]
    last = [c for c in list(sheet.iter_rows(values_only=True))[-1]]
    assert last[2] == api["totals"]["total"]
    table = Document(io.BytesIO(docx.content)).tables[2]
    assert [c.text for c in table.rows[-1].cells][2] == str(api["totals"]["total"])
    assert [(r.cells[1].text, r.cells[2].text) for r in table.rows[1:-1]] == [
        (r["name"], str(r["total"])) for r in api["rows"]
    ]


def test_unknown_format_is_404(client, today, chutich):
    client.force_login(chutich)

    assert (
        client.get(reverse("reports:periodic_download", args=["pdf"])).status_code
        == 404
    )


@pytest.mark.parametrize("name", ["reports:periodic", "reports:usage"])
def test_agency_people_are_refused(client, today, stc_lanhdao, name):
    client.force_login(stc_lanhdao)

    assert client.get(reverse(name)).status_code == 403


def test_range_without_its_days_is_422(client, today, chutich):
    client.force_login(chutich)

    response = client.get(URL, {"period": "range", "from": "2026-10-01"})

    assert response.status_code == 422
    assert response.context["form"].non_field_errors()


def test_download_with_bad_input_is_422_and_no_file(client, today, chutich):
    client.force_login(chutich)

    response = client.get(
        reverse("reports:periodic_download", args=["xlsx"]), {"as_of": "bad"}
    )

    assert response.status_code == 422
    assert response["Content-Type"].startswith("text/html")
