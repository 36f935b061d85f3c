"""The task-list filters a report also accepts, with the list's meaning.

The dashboard, the periodic report (page, XLSX, DOCX) and the summary API read
them the same way, so "the report on Chỉ thị 18/CT-UBND" counts the tasks the
list shows for `?directive=…`.
"""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from chidao.directives.models import Directive
from chidao.tasks.forms import TaskFilterForm

LIST_FILTERS = (
    "q",
    "agency",
    "lead_agency",
    "state",
    "report_status",
    "kind",
    "task_kind",
    "leader",
    "sector",
    "directive",
    "deadline_from",
    "deadline_to",
    "tracking_officer",
    "without",
)


def list_filters(query: QueryDict) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The filters in `query` (cleaned) and the errors of the wrong ones."""
    form = TaskFilterForm(query)
    if not form.is_valid():
        return {}, {f: [str(m) for m in errors] for f, errors in form.errors.items()}
    return {
        k: v
        for k, v in form.cleaned_data.items()
        if k in LIST_FILTERS and v not in (None, "", False)
    }, {}


def scope_line(params: dict[str, Any]) -> str:
    """What a filtered report is about, in words (empty when not filtered)."""
    parts = []
    directive = params.get("directive")
    if directive:
        found = Directive.objects.filter(pk=directive).first()
        if found is not None:
            parts.append(
                _("Execution of %(kind)s %(number)s of %(day)s")
                % {
                    "kind": found.get_kind_display(),
                    "number": found.number,
                    "day": found.issued_on.strftime("%d/%m/%Y"),
                }
            )
    for name, label in (
        ("lead_agency", _("Lead agency")),
        ("agency", _("Agency")),
        ("leader", _("Directing leader")),
        ("sector", _("Sector")),
    ):
        if params.get(name):
            parts.append(f"{label}: {params[name]}")
    if params.get("kind"):
        parts.append(
            _("Kind of document: %(kind)s")
            % {"kind": Directive.Kind(params["kind"]).label}
        )
    return "; ".join(parts)
