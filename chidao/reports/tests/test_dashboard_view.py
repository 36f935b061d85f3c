"""The leaders' dashboard: numbers, links to the exact list, roles, bad input."""

import re
from datetime import date
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chidao.agencies.tests.factories import AgencyFactory
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import DirectiveFactory, TaskFactory

URL = reverse("reports:dashboard")
LIST = reverse("tasks:list")


def list_count(client, url: str) -> int:  # noqa: ANN001
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


def test_leader_sees_this_quarter_by_default(client, province, chutich):
    client.force_login(chutich)

    response = client.get(URL)

    assert response.status_code == 200
    period = response.context["period"]
    assert (period.start, period.end, period.as_of) == (
        date(2026, 10, 1),
        date(2026, 12, 31),
        date(2026, 11, 28),
    )
    totals = response.context["totals"]
    assert (totals.total, totals.overdue, totals.done_on_time) == (7, 2, 1)
    agencies = response.context["grouped"]["agency"].rows
    assert [r.name for r in agencies] == ["Sở Tài chính", "Sở Nội vụ"]
    assert [t.pk for t in response.context["overdue"]] == [
        province.tasks["overdue"].pk,
        province.tasks["snv_overdue"].pk,
    ]
    body = response.content.decode()
    assert "chart-4.6.1.umd.min.js" in body
    assert 'id="report-chart-data"' in body
    assert "<script>" not in body  # CSP: data only, drawn by reports.js


@pytest.mark.parametrize("user", ["vp_lanhdao", "vp_chuyenvien", "admin_user"])
def test_office_and_admin_may_open_it(client, today, user, request):
    client.force_login(request.getfixturevalue(user))

    assert client.get(URL).status_code == 200


def test_agency_people_are_refused(client, today, stc_chuyenvien):
    client.force_login(stc_chuyenvien)

    assert client.get(URL).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, today):
    response = client.get(URL)

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_reversed_range_is_422_with_the_message(client, today, chutich):
    client.force_login(chutich)

    response = client.get(
        URL, {"period": "range", "from": "2026-12-01", "to": "2026-10-01"}
    )

    assert response.status_code == 422
    assert response.context["form"].errors["to"]
    assert "totals" not in response.context


def test_a_wrong_date_is_422(client, today, chutich):
    client.force_login(chutich)

    response = client.get(URL, {"as_of": "31/02/2026"})

    assert response.status_code == 422
    assert response.context["form"].errors["as_of"]


def test_a_past_quarter_and_as_of_day_can_be_chosen(client, province, chutich):
    client.force_login(chutich)

    response = client.get(URL, {"period": "q3", "year": "2026", "as_of": "2026-09-30"})

    totals = response.context["totals"]
    assert (totals.total, totals.on_track) == (1, 1)


def test_every_number_links_to_a_list_of_exactly_those_tasks(client, province, chutich):
    client.force_login(chutich)
    response = client.get(URL)
    ctx = response.context

    checks = []
    for card in ctx["cards"]:
        checks.append((card["url"], card["count"]))
    checks.append((ctx["totals"].links["total"], ctx["totals"].total))
    for result in ctx["grouped"].values():
        for row in [*result.rows, result.totals]:
            checks.append((row.links["total"], row.total))
            for status, n in row.counts.items():
                checks.append((row.links[status], n))
    for row in [*ctx["handover_rows"], ctx["handover_totals"]]:
        for key in ("handed_over", "on_time", "late", "pending_late", "pending"):
            checks.append((row.links[key], getattr(row, key)))

    assert len(checks) > 60
    for url, expected in checks:
        assert url.startswith(LIST + "?")
        assert list_count(client, url) == expected, url


def test_the_page_links_are_the_ones_checked(client, province, chutich):
    client.force_login(chutich)
    response = client.get(URL)

    hrefs = {
        unescape(h) for h in re.findall(r'href="([^"]+)"', response.content.decode())
    }

    assert response.context["totals"].links["overdue"] in hrefs
    stc_row = response.context["grouped"]["agency"].rows[0]
    assert stc_row.links["done_late"] in hrefs


def test_query_count_does_not_grow_with_agencies_or_tasks(client, province, chutich):
    client.force_login(chutich)
    client.get(URL)  # warm: session, calendar

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL).status_code == 200
        return len(ctx.captured_queries)

    before = queries()
    directive = DirectiveFactory(issued_on=date(2026, 10, 20), directing_leader=chutich)
    for _n in range(25):
        TaskFactory(
            directive=directive, lead_agency=AgencyFactory(), state=Task.State.ACCEPTED
        )
    assert queries() == before
    # 24: the standing roll-up's day (twice), the two checks that let the
    # longest overdue be read from today's columns, and their ten ids picked
    # before they are joined (issue 12).
    assert before <= 24
