"""Hostile values in every search and filter parameter: never a 500 (SECURITY.md 32).

Each parameter of each list page and API gets each payload alone, so a value
one field refuses cannot hide another field's failure. Pages that share a
filter form with one fuzzed here (the XLSX export and the report pages share
the task list's and the usage page's) get each payload in all parameters at
once. Then the edges: dates at the ends of the calendar (the first day of the
calendar among them), LIKE wildcards.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from .conftest import World

PAYLOADS = [
    "' OR 1=1--;%_",
    "x" * 2000,
    "2026-13-45",
    "9999-12-31",
    "99999999999999999999",
    "-1",
    "\x00",
]

TASK_FILTERS = [
    "q",
    "agency",
    "state",
    "report_status",
    "deadline_from",
    "deadline_to",
    "kind",
    "leader",
    "sector",
    "directive",
    "issued_from",
    "issued_to",
    "as_of",
    "counted",
    "lead_agency",
    "tracking_officer",
    "without",
    "handover",
    "sort",
]
PERIOD = ["period", "year", "as_of", "from", "to"]

# url name → (role, parameters fuzzed one by one)
ONE_BY_ONE: dict[str, tuple[str, list[str]]] = {
    "tasks:list": ("office_lead", [*TASK_FILTERS, "page"]),
    "search": ("agency_officer", ["q"]),
    "directives:list": (
        "agency_officer",
        ["q", "kind", "date_from", "date_to", "page"],
    ),
    "notifications:list": ("agency_officer", ["unread", "page"]),
    "workdays:year": ("agency_officer", ["year"]),
    "reports:usage": ("office_lead", PERIOD),
    "reports:periodic": ("office_lead", [*PERIOD, "group_by"]),
    "api:tasks": (
        "agency_officer",
        [
            "q",
            "agency",
            "state",
            "report_status",
            "directive",
            "deadline_from",
            "deadline_to",
            "as_of",
            "page",
            "page_size",
        ],
    ),
    "api:directives": ("agency_officer", ["q", "kind", "from", "to", "page"]),
    "api:agencies": ("agency_officer", ["q", "kind", "active", "page", "page_size"]),
    "api:users": ("office_lead", ["agency", "page"]),
    "api:notifications": ("agency_officer", ["unread", "page"]),
    "api:calendar-add": ("agency_officer", ["date", "days"]),
    "api:calendar-days": ("agency_officer", ["from", "to"]),
    "api:reports-summary": (
        "agency_officer",
        ["from", "to", "as_of", "group_by", "format"],
    ),
}

# url name → (role, parameters all fuzzed together)
ALL_AT_ONCE: dict[str, tuple[str, list[str]]] = {
    "reports:task_list_xlsx": ("agency_officer", TASK_FILTERS),
    "api:reports-summary": ("office_lead", TASK_FILTERS),
    "reports:dashboard": ("leader", PERIOD),
    "reports:agency_dashboard": ("agency_lead", PERIOD),
    "reports:periodic_download": ("office_lead", [*PERIOD, "group_by"]),
}

DEFAULTS = {
    "api:calendar-add": {"date": "2026-11-20", "days": "5"},
    "api:calendar-days": {"from": "2026-11-01", "to": "2026-11-30"},
}


def _url(name: str) -> str:
    if name == "reports:periodic_download":
        return reverse(name, kwargs={"fmt": "xlsx"})
    return reverse(name)


def _failures(client: object, url: str, queries: list[dict]) -> list[str]:
    wrong = []
    for query in queries:
        response = client.get(url, query)
        if response.status_code >= 500:
            shown = {k: (v[:20] + "…" if len(v) > 20 else v) for k, v in query.items()}
            wrong.append(f"{url} {shown!r}: {response.status_code}")
    return wrong


@pytest.mark.parametrize("name", ONE_BY_ONE)
def test_line_32_each_parameter_alone(world: World, name: str) -> None:
    role, params = ONE_BY_ONE[name]
    client = world.client(role, raise_request_exception=False)
    base = DEFAULTS.get(name, {})
    queries = [base | {p: v} for p in params for v in PAYLOADS]
    wrong = _failures(client, _url(name), queries)
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("name", ALL_AT_ONCE)
def test_line_32_all_parameters_at_once(world: World, name: str) -> None:
    role, params = ALL_AT_ONCE[name]
    client = world.client(role, raise_request_exception=False)
    queries = [dict.fromkeys(params, v) for v in PAYLOADS]
    wrong = _failures(client, _url(name), queries)
    assert not wrong, "\n".join(wrong)


EDGES = [
    ("tasks:list", {"as_of": "9999-12-31", "report_status": "due_soon"}),
    ("tasks:list", {"as_of": "0001-01-01", "report_status": "overdue"}),
    ("tasks:list", {"deadline_from": "0001-01-01", "deadline_to": "9999-12-31"}),
    ("api:tasks", {"as_of": "9999-12-31", "report_status": "on_track"}),
    ("reports:task_list_xlsx", {"as_of": "9999-12-31", "report_status": "due_soon"}),
    ("api:calendar-add", {"date": "9999-12-31", "days": "5"}),
    ("api:calendar-add", {"date": "0001-01-01", "days": "-5"}),
    ("api:calendar-add", {"date": "2026-11-20", "days": "2000"}),
    ("api:calendar-days", {"from": "9999-12-01", "to": "9999-12-31"}),
    ("api:calendar-days", {"from": "0001-01-01", "to": "0001-01-31"}),
    ("api:reports-summary", {"from": "0001-01-01", "to": "9999-12-31"}),
    ("api:reports-summary", {"as_of": "9999-12-31"}),
    ("reports:usage", {"period": "range", "from": "0001-01-01", "to": "9999-12-31"}),
    ("reports:dashboard", {"period": "year", "year": "9999"}),
    ("workdays:year", {"year": "9999"}),
]


def test_line_32_dates_at_the_ends_of_the_calendar(world: World) -> None:
    client = world.client("office_lead", raise_request_exception=False)
    wrong = []
    for name, query in EDGES:
        wrong += _failures(client, _url(name), [query])
    assert not wrong, "\n".join(wrong)


def test_line_32_like_wildcards_are_not_wildcards(world: World) -> None:
    """`_` is a word character to the accent-free search and must match only
    itself; `%` is punctuation to it (ignored), and to the agency search a
    literal."""
    client = world.client("office_lead")
    everything = client.get(reverse("api:tasks")).json()["count"]
    for name in ("api:tasks", "api:directives", "api:agencies"):
        assert client.get(reverse(name), {"q": "_"}).json()["count"] == 0, name
    assert client.get(reverse("api:agencies"), {"q": "%"}).json()["count"] == 0
    assert client.get(reverse("api:tasks"), {"q": "%"}).json()["count"] == everything
    page = client.get(reverse("tasks:list"), {"q": "_"})
    assert world.task.content not in page.content.decode()
