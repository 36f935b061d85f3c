"""Links from every report number to the task list filtered to exactly those tasks."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from urllib.parse import urlencode

from django.urls import reverse

from .queries import STATUSES, HandoverRow, SummaryRow

# Summary group → task-list parameter (tasks.forms.TaskFilterForm).
GROUP_PARAMS = {"agency": "lead_agency", "leader": "leader", "sector": "sector"}


def _value(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if value is True:
        return "1"
    return str(getattr(value, "pk", value))


def _query(params: Mapping[str, object]) -> str:
    return urlencode(
        {k: _value(v) for k, v in params.items() if v not in (None, "", False)}
    )


def list_url(params: Mapping[str, object]) -> str:
    """`tasks:list` with `params` in the query string (empty values dropped)."""
    query = _query(params)
    return reverse("tasks:list") + ("?" + query if query else "")


def group_params(group_by: str | None, key: int | None) -> dict[str, object]:
    if group_by is None:
        return {}
    if key is None:
        return {"without": group_by}
    return {GROUP_PARAMS[group_by]: key}


def summary_links(
    base: Mapping[str, object], row: SummaryRow, group_by: str | None
) -> dict[str, str]:
    """{"total": url, <status>: url} for one row of a summary table.

    `base` carries `counted`, so the list applies the same rule as the counts.
    Built by joining encoded parts: a dashboard has a thousand of these links.
    """
    prefix = list_url({**base, "counted": True, **group_params(group_by, row.key)})
    links = {"total": prefix}
    for status in (*STATUSES, "overdue_open"):
        links[status] = f"{prefix}&report_status={status}"
    return links


def handover_links(
    base: Mapping[str, object], row: HandoverRow, *, total: bool = False
) -> dict[str, str]:
    """Links of one row of the Office's hand-over table (Art. 7.1)."""
    params = dict(base)
    if not total:
        if row.key is None:
            params["without"] = "tracking_officer"
        else:
            params["tracking_officer"] = row.key
    links = {"handed_over": list_url({**params, "handover": "handed"})}
    for name in ("on_time", "late", "pending_late", "pending"):
        links[name] = list_url({**params, "handover": name})
    return links


def attach_links(
    rows: list[SummaryRow], base: Mapping[str, object], group_by: str | None
) -> list[SummaryRow]:
    for row in rows:
        row.links = summary_links(base, row, group_by)
    return rows
