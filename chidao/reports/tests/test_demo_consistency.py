"""On the demo province: the summary, the task list and both files agree."""

import io
import itertools
from urllib.parse import urlsplit

import pytest
from django.http import QueryDict
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from rest_framework.test import APIClient

from chidao.accounts.models import User
from chidao.demo.seed import seed_demo
from chidao.reports.links import summary_links
from chidao.reports.queries import STATUSES, SummaryRow
from chidao.tasks.forms import TaskFilterForm
from chidao.tasks.models import Task
from chidao.tasks.selectors import filter_tasks, with_list_data

API = "/api/v1/reports/summary"
PERIODS = [
    {"from": "2026-01-01", "to": "2026-12-31", "as_of": "2026-11-28"},
    {"from": "2026-10-01", "to": "2026-12-31", "as_of": "2026-11-28"},
    {"from": "2026-01-01", "to": "2026-12-31", "as_of": "2026-09-30"},
]


@pytest.fixture
def demo(today: object) -> None:
    seed_demo()


def api_for(username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(User.objects.get(username=username))
    return client


def list_count(client, url: str) -> int:  # noqa: ANN001
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


def list_query_count(user: User, url: str) -> int:
    """What `tasks:list` counts for `url`, through its own form and filter
    (the page itself is fetched for the totals; hundreds of links go here)."""
    params = QueryDict(urlsplit(url).query)
    form = TaskFilterForm(params)
    assert form.is_valid(), form.errors
    as_of = form.cleaned_data["as_of"]
    qs = with_list_data(Task.objects.visible_to(user), as_of)
    return filter_tasks(qs, form.cleaned_data, as_of=as_of).count()


@pytest.mark.parametrize("username", ["chutich", "stc.chuyenvien"])
def test_summary_equals_the_list_under_the_same_filters(client, demo, username):
    user = User.objects.get(username=username)
    client.force_login(user)
    api = api_for(username)
    checked = 0
    groupings = ["agency", "leader", "sector"]
    for period, group_by in itertools.product(PERIODS, groupings):
        data = api.get(API, {**period, "group_by": group_by}).json()
        base = {
            "issued_from": period["from"],
            "issued_to": period["to"],
            "as_of": period["as_of"],
        }
        assert data["totals"]["total"] > 0
        for row in [*data["rows"], None]:
            source = data["totals"] if row is None else row
            links = summary_links(
                base,
                SummaryRow(None if row is None else row["key"], ""),
                None if row is None else group_by,
            )
            if row is None:
                assert list_count(client, links["total"]) == source["total"]
            assert list_query_count(user, links["total"]) == source["total"]
            for status in STATUSES:
                assert list_query_count(user, links[status]) == source[status], (
                    period,
                    source["name"],
                    status,
                )
                checked += 1
    assert checked > 100


def test_files_carry_the_numbers_of_the_api(client, demo):
    period = PERIODS[0]
    data = api_for("vp.lanhdao").get(API, {**period, "group_by": "agency"}).json()
    client.force_login(User.objects.get(username="vp.lanhdao"))
    page = {"period": "year", "year": "2026", "as_of": period["as_of"]}

    xlsx = client.get(reverse("reports:periodic_download", args=["xlsx"]), page)
    docx = client.get(reverse("reports:periodic_download", args=["docx"]), page)

    def figures(r: dict) -> tuple:
        # The filed report's columns (section II): tasks, done, of which on
        # time, awaiting confirmation, within the deadline, overdue.
        return (
            r["name"],
            r["total"],
            r["done_on_time"] + r["done_late"] + r["done_no_deadline"],
            r["done_on_time"],
            r["awaiting_confirmation"] + r["awaiting_confirmation_late"],
            r["on_track"] + r["not_started"] + r["ongoing_no_deadline"],
            r["overdue_open"],
        )

    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[1]
    values = list(sheet.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(values) if r and r[0] in ("No.", "STT"))
    body = values[header + 1 :]
    assert [r[1:8] for r in body[:-1]] == [figures(r) for r in data["rows"]]
    assert body[-1][2] == data["totals"]["total"]
    table = Document(io.BytesIO(docx.content)).tables[2]
    assert [(r.cells[1].text, r.cells[2].text) for r in table.rows[1:-1]] == [
        (r["name"], f"{r['total']:,}".replace(",", ".")) for r in data["rows"]
    ]
    results = Document(io.BytesIO(docx.content)).tables[1]
    assert [r.cells[2].text for r in results.rows[1:7]] == [
        f"{n:,}".replace(",", ".") for n in figures(data["totals"])[1:]
    ]
