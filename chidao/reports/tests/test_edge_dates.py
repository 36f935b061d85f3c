"""Dates at the ends of the calendar never break a report (SECURITY.md 32)."""

import pytest
from django.urls import reverse

CASES = [
    # Outside 1945–2100 every date is refused (lib/bounds.py).
    ("reports:dashboard", {"as_of": "9999-12-31"}, 422),
    ("reports:dashboard", {"as_of": "0001-01-01"}, 422),
    (
        "reports:dashboard",
        {"period": "range", "from": "0001-01-01", "to": "9999-12-31"},
        422,
    ),
    (
        "reports:usage",
        {"period": "range", "from": "2026-01-01", "to": "9999-12-31"},
        422,
    ),
    ("reports:periodic", {"period": "year", "year": "9999"}, 422),
    ("tasks:list", {"handover": "late", "as_of": "9999-12-31"}, 200),
    ("tasks:list", {"handover": "pending", "as_of": "0001-01-01"}, 200),
]


@pytest.mark.parametrize("name, params, status", CASES)
def test_calendar_ends(client, province, vp_lanhdao, name, params, status):
    client.force_login(vp_lanhdao)

    assert client.get(reverse(name), params).status_code == status


def test_a_wrong_range_day_gets_its_own_message_only(client, today, vp_lanhdao):
    client.force_login(vp_lanhdao)

    response = client.get(
        reverse("reports:periodic"),
        {"period": "range", "from": "0001-01-01", "to": "2026-12-31"},
    )

    form = response.context["form"]
    assert response.status_code == 422
    assert form.errors["from"]
    assert not form.non_field_errors()
