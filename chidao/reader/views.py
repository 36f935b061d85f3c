"""Read a directive from a file or pasted text, review the proposal, confirm.

Art. 7.1 gives the Office 5 to 10 working days to read each directive and
record its tasks; these pages propose the fields and tasks, and nothing is
stored until the officer confirms (the proposal travels in the page itself).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from chidao.accounts.models import OFFICE_ROLES
from chidao.accounts.permissions import role_required
from chidao.directives.forms import DirectiveForm
from chidao.lib.errors import DomainError, InvalidInput, Refused
from chidao.lib.forms import apply_errors
from chidao.tasks.forms import lead_agency_choices

from .agencies import Gazetteer

if TYPE_CHECKING:
    from chidao.agencies.models import Agency
from .forms import ReadForm, ReviewFormSet, SourceForm
from .reader import read_directive
from .services import (
    confirm_reading,
    directive_initial,
    highlighted,
    read_meta,
    review_rows,
    tasks_of_row,
)


def _row_kwargs(request: HttpRequest) -> dict[str, Any]:
    return {"initial": {"tracking_officer": request.user.pk}}


@role_required(*OFFICE_ROLES)
def start(request: HttpRequest) -> HttpResponse:
    """Upload a DOCX/PDF or paste the text; a valid reading goes to the review."""
    form = ReadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                text = form.document_text()
                proposal = read_directive(
                    text, gazetteer=Gazetteer.from_db(), match_foreign_names=True
                )
            except Refused as exc:
                form.add_error(None, exc.message)
            else:
                rows, cut = review_rows(proposal)
                if cut:
                    messages.warning(
                        request,
                        _(
                            "Only the first %(n)d task rows are shown; add the rest "
                            "by hand."
                        )
                        % {"n": len(rows)},
                    )
                if not rows:
                    messages.info(request, _("No task was found in this document."))
                directive_form = DirectiveForm(
                    prefix="directive",
                    initial=directive_initial(proposal),
                    today=timezone.localdate(),
                )
                source = SourceForm(initial={"source_text": text})
                formset = ReviewFormSet(
                    prefix="tasks",
                    initial=[
                        r.initial() | {"tracking_officer": request.user.pk}
                        for r in rows
                    ],
                )
                return _review_page(
                    request, directive_form, source, formset, proposal=proposal
                )
    return render(request, "reader/start.html", {"form": form}, status=status)


def _review_page(
    request: HttpRequest,
    directive_form: DirectiveForm,
    source: SourceForm,
    formset: Any,
    *,
    proposal: Any = None,
    validate: bool = False,
    status: int = 200,
) -> HttpResponse:
    text = source["source_text"].value() or ""
    rows = []
    for form in formset.forms:
        meta = read_meta(form["meta"].value())
        span = highlighted(text, *meta["span"]) if meta["span"] else ""
        rows.append(
            {
                "form": form,
                "source": span,
                "notes": " · ".join(meta["notes"]),
                "unmatched": "; ".join(meta["unmatched"]),
                "others": "; ".join(name for _id, name in meta["others"]),
            }
        )
    context = {
        "form": directive_form,
        "source": source,
        "formset": formset,
        "rows": rows,
        "proposal": proposal,
        "validate": validate,
    }
    return render(request, "reader/review.html", context, status=status)


@require_POST
@role_required(*OFFICE_ROLES)
def review(request: HttpRequest) -> HttpResponse:
    """Confirm the reviewed directive and tasks: all are recorded, or none."""
    today = timezone.localdate()
    source = SourceForm(request.POST)
    data = request.POST
    if "add_row" in data:
        data = data.copy()
        total = int(data.get("tasks-TOTAL_FORMS") or 0)
        data["tasks-TOTAL_FORMS"] = str(min(total + 1, 80))
    directive_form = DirectiveForm(data, prefix="directive", today=today)
    formset = ReviewFormSet(data, prefix="tasks", form_kwargs=_row_kwargs(request))
    if "add_row" in data:
        return _review_page(request, directive_form, source, formset)
    valid = source.is_valid() & directive_form.is_valid() & formset.is_valid()
    if valid:
        kept = [
            f
            for f in formset.forms
            if f.has_changed() and not formset._should_delete_form(f) and f.cleaned_data
        ]
        directive, count = _confirm(request, directive_form, kept)
        if directive is not None:
            messages.success(
                request,
                ngettext(
                    "The directive and %(n)d task (draft) have been created.",
                    "The directive and %(n)d tasks (draft) have been created.",
                    count,
                )
                % {"n": count},
            )
            return redirect(directive)
    return _review_page(
        request, directive_form, source, formset, validate=True, status=422
    )


def _extra_leads(row: Any) -> list[Agency]:
    """The further lead agencies a row stands for, when the officer keeps them."""
    if not row.cleaned_data.get("one_per_lead"):
        return []
    ids = [i for i, _name in read_meta(row.cleaned_data.get("meta"))["others"]]
    # The ids come back from the page: only agencies a task may be given to.
    allowed = {a.pk: a for a in lead_agency_choices().filter(pk__in=ids)}
    return [allowed[i] for i in ids if i in allowed]


def _confirm(request: HttpRequest, form: DirectiveForm, rows: list) -> tuple[Any, int]:
    """Record everything or nothing; put each refusal next to its field."""
    values = form.directive_values()
    tasks = [tasks_of_row(row.task_values(), _extra_leads(row)) for row in rows]
    try:
        directive = confirm_reading(directive=values, rows=tasks, by=request.user)
    except InvalidInput as exc:
        apply_errors(form if exc.row is None else rows[exc.row], exc)
    except DomainError as exc:
        apply_errors(form, exc)
    else:
        return directive, sum(len(t) for t in tasks)
    return None, 0
