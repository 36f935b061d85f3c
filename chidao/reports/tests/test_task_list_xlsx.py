"""The task list as XLSX: same filters, same visibility, same rows."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from chidao.tasks.models import Task
from chidao.tasks.tests.factories import TaskFactory

URL = reverse("reports:task_list_xlsx")
HEADER = [
    "No.",
    "Number and symbol",
    "Issue date",
    "Task content",
    "Lead agency",
    "Cooperating agencies",
    "Deadline",
    "Status",
    "Processing state",
    "Report due",
]


def body(response) -> bytes:  # noqa: ANN001
    """The workbook's bytes; the export is streamed, so read it once."""
    if not hasattr(response, "_read_body"):
        response._read_body = response.getvalue()
    return response._read_body


def rows_of(response) -> list[tuple]:  # noqa: ANN001
    values = list(
        load_workbook(io.BytesIO(body(response))).active.iter_rows(values_only=True)
    )
    header = next(i for i, r in enumerate(values) if r[0] in ("No.", "STT"))
    return values[header + 1 :]


def test_export_has_the_rows_of_the_filtered_list(client, province, chutich):
    client.force_login(chutich)
    # Open past the deadline, accepted or not.
    params = {"report_status": "overdue_open", "sort": "deadline"}

    page = client.get(reverse("tasks:list"), params).context["page"]
    response = client.get(URL, params)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = rows_of(response)
    # Without `counted`, the list also holds the Q3 task and the unit's sub-task.
    assert len(rows) == page.paginator.count == 4
    assert [r[3] for r in rows] == [t.content for t in page.object_list]
    assert rows[0][1] == "55/UBND-KT"
    assert rows[0][2].date().isoformat() == "2026-09-15"


def test_export_columns(client, province, chutich):
    client.force_login(chutich)
    client.cookies["django_language"] = "en"

    response = client.get(URL, {"lead_agency": province.snv.pk, "counted": "1"})

    values = list(
        load_workbook(io.BytesIO(body(response))).active.iter_rows(values_only=True)
    )
    header = next(r for r in values if r[0] == "No.")
    assert list(header) == HEADER
    rows = rows_of(response)
    assert {r[5] for r in rows} == {"Sở Tài chính", None}


def test_agency_user_exports_only_what_it_sees(client, province, snv_chuyenvien):
    client.force_login(snv_chuyenvien)

    rows = rows_of(client.get(URL))

    assert sorted(r[3] for r in rows) == sorted(
        [province.tasks["snv_done"].content, province.tasks["snv_overdue"].content]
    )


def test_formula_text_is_neutralised(client, today, chutich, stc):
    TaskFactory(
        content='=HYPERLINK("http://evil")', lead_agency=stc, state=Task.State.ACCEPTED
    )
    client.force_login(chutich)

    rows = rows_of(client.get(URL))

    assert rows[0][3] == '\'=HYPERLINK("http://evil")'


def test_anonymous_is_sent_to_sign_in(client, today):
    assert client.get(URL).status_code == 302


def test_queries_do_not_grow_with_rows(
    client, province, chutich, django_assert_max_num_queries
):
    client.force_login(chutich)
    client.get(URL)
    for _n in range(10):
        TaskFactory(state=Task.State.ACCEPTED, cooperating_agencies=[province.snv])

    with django_assert_max_num_queries(12):
        client.get(URL)
