"""GET /api/v1/reports/summary: API.md's shape, visibility, files, errors."""

import io
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from chidao.accounts.tests.factories import UserFactory
from chidao.agencies.tests.factories import AgencyFactory
from chidao.reports.exports import DOCX_TYPE, XLSX_TYPE
from chidao.reports.queries import STATUSES
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import DirectiveFactory, TaskFactory

from .conftest import Q4

URL = "/api/v1/reports/summary"
ROW_KEYS = {
    "key",
    "name",
    "total",
    "done_on_time",
    "done_late",
    "on_track",
    "overdue",
    "done_no_deadline",
    "ongoing_no_deadline",
    "on_time_rate",
    # Added by the Art. 5.1g / 7 standing (issue 10):
    "awaiting_confirmation",
    "awaiting_confirmation_late",
    "not_started",
    "not_started_overdue",
    "due",
    "overdue_open",
    "done_within_original_deadline",
    "done_within_extended_deadline",
    "periodic_updates",
}


def test_summary_by_agency_has_api_md_shape(token_client, province, chutich):
    response = token_client(chutich).get(URL, {**Q4, "group_by": "agency"})

    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"rows", "totals"}
    assert all(set(row) == ROW_KEYS for row in data["rows"])
    assert [(r["key"], r["total"], r["on_time_rate"]) for r in data["rows"]] == [
        (province.stc.pk, 5, 0.3333),
        (province.snv.pk, 2, 0.0),
    ]
    assert data["totals"] == {
        "key": None,
        "name": data["totals"]["name"],
        "total": 7,
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
        "due": 4,
        "overdue_open": 2,
        "on_time_rate": 0.25,
        "done_within_original_deadline": 1,
        "done_within_extended_deadline": 0,
        "periodic_updates": {"due": 0, "on_time": 0, "late": 0, "missed": 0},
    }


@pytest.mark.parametrize("group_by", ["leader", "sector"])
def test_other_groupings_sum_to_the_same_totals(
    token_client, province, chutich, group_by
):
    data = token_client(chutich).get(URL, {**Q4, "group_by": group_by}).json()

    assert data["totals"]["total"] == 7
    assert sum(r["total"] for r in data["rows"]) == 7


def test_range_and_as_of_select_the_tasks_and_their_status(
    token_client, province, chutich
):
    data = (
        token_client(chutich)
        .get(URL, {"from": "2026-09-01", "to": "2026-09-30", "as_of": "2026-10-15"})
        .json()
    )

    assert data["totals"]["total"] == 1
    assert data["totals"]["overdue"] == 1  # deadline 01/10


def test_defaults_are_this_quarter_as_of_today(token_client, province, chutich):
    assert token_client(chutich).get(URL).json()["totals"]["total"] == 7


def test_an_agency_user_gets_only_its_own_numbers(
    token_client, province, snv_chuyenvien
):
    data = token_client(snv_chuyenvien).get(URL, Q4).json()

    assert [(r["key"], r["total"]) for r in data["rows"]] == [(province.snv.pk, 2)]
    assert data["totals"]["total"] == 2


def test_another_agencys_tasks_never_count(token_client, province, snv_chuyenvien):
    # Even when asked for by lead agency, STC's tasks stay invisible to SNV.
    data = (
        token_client(snv_chuyenvien)
        .get(URL, {**Q4, "lead_agency": province.stc.pk})
        .json()
    )

    assert data["rows"] == []
    assert data["totals"]["total"] == 0


def test_list_filters_narrow_the_summary_like_the_list(token_client, province, chutich):
    data = token_client(chutich).get(URL, {**Q4, "report_status": "overdue"}).json()

    assert data["totals"]["total"] == data["totals"]["overdue"] == 2


def test_without_token_is_401(api_client, today):
    response = api_client.get(URL)

    assert response.status_code == 401
    assert set(response.json()) == {"detail", "code"}


def test_a_user_without_any_role_is_403(token_client, today, stc):
    nobody = UserFactory(agency=stc)

    response = token_client(nobody).get(URL)

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


@pytest.mark.parametrize(
    "params, field",
    [
        ({"from": "28/13/2026"}, "from"),
        ({"to": "2026-02-30"}, "to"),
        ({"as_of": "tomorrow"}, "as_of"),
        ({"from": "2026-12-01", "to": "2026-10-01"}, "to"),
        ({"group_by": "province"}, "group_by"),
        ({"format": "pdf"}, "format"),
        ({"sector": "999999"}, "sector"),
    ],
)
def test_bad_input_is_422_with_the_field(token_client, today, chutich, params, field):
    response = token_client(chutich).get(URL, params, HTTP_ACCEPT_LANGUAGE="vi")

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["errors"]


def test_error_messages_follow_accept_language(token_client, today, chutich):
    client = token_client(chutich)

    en = client.get(URL, {"from": "x"}, HTTP_ACCEPT_LANGUAGE="en").json()
    vi = client.get(URL, {"from": "x"}, HTTP_ACCEPT_LANGUAGE="vi").json()

    assert en["detail"] != vi["detail"]


def test_xlsx_carries_the_same_numbers_as_the_json(token_client, province, chutich):
    client = token_client(chutich)
    data = client.get(URL, {**Q4, "group_by": "agency"}).json()

    response = client.get(URL, {**Q4, "group_by": "agency", "format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    statuses, agencies = book.worksheets
    values = [list(r) for r in agencies.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(values) if r[0] == "No." or r[0] == "STT")
    body = values[header + 1 :]
    assert [(r[1], r[2]) for r in body[:-1]] == [
        (row["name"], row["total"]) for row in data["rows"]
    ]
    totals = body[-1]
    assert totals[2 : 3 + len(STATUSES)] == [
        data["totals"][k] for k in ("total", *STATUSES)
    ]
    assert totals[3 + len(STATUSES)] == data["totals"]["on_time_rate"]
    status_counts = [
        r[2] for r in statuses.iter_rows(values_only=True) if isinstance(r[2], int)
    ]
    assert status_counts[-1] == data["totals"]["total"]


def test_docx_carries_the_same_numbers_as_the_json(token_client, province, chutich):
    client = token_client(chutich)
    data = client.get(URL, {**Q4, "group_by": "sector"}).json()

    response = client.get(URL, {**Q4, "group_by": "sector", "format": "docx"})

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    document = Document(io.BytesIO(response.content))
    header, status_table, sector_table, footer = document.tables
    names_totals = [
        (row.cells[1].text, row.cells[2].text) for row in sector_table.rows[1:-1]
    ]
    assert names_totals == [(r["name"], str(r["total"])) for r in data["rows"]]
    last = [c.text for c in sector_table.rows[-1].cells]
    assert last[2] == str(data["totals"]["total"])
    assert last[3 + STATUSES.index("overdue")] == str(data["totals"]["overdue"])
    assert status_table.rows[-1].cells[2].text == str(data["totals"]["total"])


def test_queries_do_not_grow_with_agencies(
    token_client, province, chutich, django_assert_max_num_queries
):
    client = token_client(chutich)
    client.get(URL, Q4)
    directive = DirectiveFactory(issued_on=date(2026, 10, 9))
    for _n in range(20):
        TaskFactory(
            directive=directive, lead_agency=AgencyFactory(), state=Task.State.ACCEPTED
        )

    # 8: the standing roll-up's day, then its counts (issue 12).
    with django_assert_max_num_queries(8):
        data = client.get(URL, Q4).json()
    assert len(data["rows"]) == 22
