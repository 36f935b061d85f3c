"""Import pages: a legacy task list (dry run, mapping, import) and the
documents received from the document system (upload, review, decisions)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from chidao.accounts.models import OFFICE_ROLES
from chidao.accounts.permissions import role_required
from chidao.attachments.models import Attachment
from chidao.directives.forms import DirectiveForm
from chidao.lib.errors import DomainError, InvalidInput
from chidao.lib.forms import apply_errors
from chidao.lib.http import content_disposition
from chidao.reports.exports import XLSX_TYPE
from chidao.tasks.forms import lead_agency_choices
from chidao.tasks.models import directives_visible_to

from . import decisions, inbound, reading, runs
from . import register as directive_register
from .forms import EdxmlForm, MappingForm, TaskListForm
from .legacy import TableError, template_workbook
from .models import ImportRun, InboundDocument

office_only = role_required(*OFFICE_ROLES)
# The page shows this many directives and refused rows; the rest are counted.
SHOWN = 300


# -- legacy task lists -------------------------------------------------------------


@office_only
def start(request: HttpRequest) -> HttpResponse:
    """Upload a task list; its dry run follows (now, or in the background)."""
    form = TaskListForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                run = runs.start_run(upload, name=upload.name, by=request.user)
            except DomainError as exc:
                apply_errors(form, exc)
            else:
                runs.process(run, import_now=False, today=timezone.localdate())
                return redirect(run)
    recent = ImportRun.objects.visible_to(request.user).defer("content")[:10]
    return render(
        request, "imports/start.html", {"form": form, "recent": recent}, status=status
    )


@require_GET
@office_only
def template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition("mau-bang-theo-doi.xlsx")
    return response


def _run(request: HttpRequest, pk: int) -> ImportRun:
    return get_object_or_404(
        ImportRun.objects.visible_to(request.user).select_related("created_by"), pk=pk
    )


def _mapping_form(run: ImportRun, data: Any = None) -> MappingForm | None:
    try:
        headers = runs.workbook_of(run).headers()
    except TableError:
        return None
    return MappingForm(data, headers=headers, prefix="map")


@office_only
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The dry-run report, the mapping, the import button; or the progress."""
    run = _run(request, pk)
    report = run.report or {}
    done, total = runs.progress_of(run)
    return render(
        request,
        "imports/run.html",
        {
            "run": run,
            "report": report,
            "directives": [
                {**d, "issued_on": date.fromisoformat(d["issued_on"])}
                for d in (report.get("directive_list") or [])[:SHOWN]
            ],
            "errors": (report.get("errors") or [])[:SHOWN],
            "shown": SHOWN,
            "mapping": None if run.is_busy else _mapping_form(run),
            "done": done,
            "total": total,
            "percent": int(100 * done / total) if total else 0,
        },
    )


@office_only
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar, polled by the page; the report page once done."""
    run = _run(request, pk)
    if not run.is_busy:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = run.get_absolute_url()
        return response
    done, total = runs.progress_of(run)
    return render(
        request,
        "imports/_progress.html",
        {
            "run": run,
            "done": done,
            "total": total,
            "percent": int(100 * done / total) if total else 0,
        },
    )


@require_POST
@office_only
def run_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    """Use the officer's column choices, remember them, check again."""
    run = _run(request, pk)
    form = _mapping_form(run, request.POST)
    if run.is_busy or form is None or not form.is_valid():
        messages.error(request, _("The columns could not be changed now."))
        return redirect(run)
    runs.save_mapping(run, form.choices(), by=request.user)
    runs.process(run, import_now=False, today=timezone.localdate())
    messages.success(request, _("The columns are saved and the file checked again."))
    return redirect(run)


@require_POST
@office_only
def run_commit(request: HttpRequest, pk: int) -> HttpResponse:
    """Import the checked file, all rows or none."""
    run = _run(request, pk)
    if run.status != ImportRun.Status.CHECKED:
        messages.error(request, _("This file cannot be imported in its present state."))
        return redirect(run)
    plan = runs.process(run, import_now=True, today=timezone.localdate())
    if plan is None:
        messages.info(
            request, _("The import has started; this page shows its progress.")
        )
    elif plan.committed:
        counts = plan.counts()
        messages.success(
            request,
            _("Imported %(tasks)d tasks of %(directives)d directives.")
            % {
                "tasks": counts["tasks"]["new"],
                "directives": counts["directives"]["new"]
                + counts["directives"]["existing"],
            },
        )
    else:
        messages.error(
            request,
            _("Nothing was imported: some rows are refused (listed below)."),
        )
    return redirect(run)


@require_GET
@office_only
def register(request: HttpRequest) -> HttpResponse:
    """The register of directives with their references (XLSX, or CSV)."""
    directives = directives_visible_to(request.user)
    if request.GET.get("format") == "csv":
        response = HttpResponse(
            directive_register.register_csv(directives), content_type="text/csv"
        )
        name = "so-van-ban.csv"
    else:
        response = HttpResponse(
            directive_register.register_xlsx(directives, today=timezone.localdate()),
            content_type=XLSX_TYPE,
        )
        name = "so-van-ban.xlsx"
    response["Content-Disposition"] = content_disposition(name)
    return response


# -- documents from the document system -------------------------------------------


@office_only
def receive(request: HttpRequest) -> HttpResponse:
    """Upload an edXML message; the documents waiting for review below."""
    form = EdxmlForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                receipt = inbound.receive(
                    upload,
                    name=upload.name,
                    by=request.user,
                    origin=InboundDocument.Origin.UPLOAD,
                )
            except DomainError as exc:
                apply_errors(form, exc)
                status = exc.status
            else:
                return _after_receipt(request, receipt)
    waiting = InboundDocument.objects.visible_to(request.user).pending()
    recent = InboundDocument.objects.visible_to(request.user).exclude(
        state=InboundDocument.State.PENDING
    )[:20]
    return render(
        request,
        "imports/receive.html",
        {"form": form, "waiting": waiting, "recent": recent},
        status=status,
    )


def _after_receipt(request: HttpRequest, receipt: inbound.Receipt) -> HttpResponse:
    if receipt.action == "revoked":
        messages.warning(
            request,
            _("The issuer has revoked this document; the directive is flagged."),
        )
        return redirect(receipt.directive or "imports:receive")
    if receipt.action == "change":
        messages.info(request, _("A change to a directive: review it below."))
    else:
        messages.success(
            request,
            _(
                "The document is received. Check the proposed fields and tasks, "
                "then confirm."
            ),
        )
    return redirect(receipt.document)


def _document(request: HttpRequest, pk: int) -> InboundDocument:
    return get_object_or_404(
        InboundDocument.objects.visible_to(request.user).select_related(
            "directive", "received_by", "decided_by"
        ),
        pk=pk,
    )


def _row_kwargs(request: HttpRequest) -> dict[str, Any]:
    return {"initial": {"tracking_officer": request.user.pk}}


def _review(
    request: HttpRequest,
    document: InboundDocument,
    directive_form: DirectiveForm,
    source: Any,
    formset: Any,
    *,
    proposal: Any = None,
    validate: bool = False,
    status: int = 200,
) -> HttpResponse:
    """The reader's review page, with the message's own panel above it."""
    text = source["source_text"].value() or ""
    rows = []
    for form in formset.forms:
        meta = reading.read_meta(form["meta"].value())
        span = reading.highlighted(text, *meta["span"]) if meta["span"] else ""
        rows.append(
            {
                "form": form,
                "source": span,
                "notes": " · ".join(meta["notes"]),
                "unmatched": "; ".join(meta["unmatched"]),
                "others": "; ".join(name for _id, name in meta["others"]),
            }
        )
    return render(
        request,
        "imports/inbound_review.html",
        {
            **_document_context(document),
            "form": directive_form,
            "source": source,
            "formset": formset,
            "rows": rows,
            "proposal": proposal,
            "validate": validate,
        },
        status=status,
    )


# OtherInfo/Priority (edxml.md §3).
PRIORITIES = {
    "0": pgettext_lazy("urgency", "Ordinary"),
    "1": pgettext_lazy("urgency", "Urgent (khẩn)"),
    "2": pgettext_lazy("urgency", "Very urgent (thượng khẩn)"),
    "3": pgettext_lazy("urgency", "Immediate (hỏa tốc)"),
    "4": pgettext_lazy("urgency", "Immediate, timed (hỏa tốc hẹn giờ)"),
}


def _document_context(document: InboundDocument) -> dict[str, Any]:
    head = document.header
    due = head.get("due_on")
    return {
        "document": document,
        "head": head,
        "due_on": date.fromisoformat(due) if due else None,
        "priority": PRIORITIES.get(head.get("priority") or "", head.get("priority")),
        "sender": decisions.sender_of(document),
        "files": Attachment.objects.of(document),
        "same_number": decisions.same_number(document) if document.is_pending else None,
    }


@office_only
def inbound_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A new document: the review page. A change or a past one: what it says."""
    document = _document(request, pk)
    if document.is_pending and document.business == InboundDocument.Business.NEW:
        proposal = None
        rows: list[Any] = []
        if document.source_text:
            try:
                proposal = reading.propose(document.source_text, reading.registry())
            except reading.Classified:
                proposal = None
            else:
                rows, _cut = reading.proposed_rows(proposal)
        directive_form = DirectiveForm(
            prefix="directive",
            initial=decisions.directive_values(document),
            today=timezone.localdate(),
        )
        source = reading.SourceForm(initial={"source_text": document.source_text})
        formset = reading.ReviewFormSet(
            prefix="tasks",
            initial=[r.initial() | {"tracking_officer": request.user.pk} for r in rows],
        )
        return _review(
            request, document, directive_form, source, formset, proposal=proposal
        )
    return render(
        request,
        "imports/inbound_detail.html",
        {**_document_context(document), "changes": decisions.changes(document)},
    )


def _extra_leads(row: Any) -> list[Any]:
    if not row.cleaned_data.get("one_per_lead"):
        return []
    ids = [i for i, _name in reading.read_meta(row.cleaned_data.get("meta"))["others"]]
    allowed = {a.pk: a for a in lead_agency_choices().filter(pk__in=ids)}
    return [allowed[i] for i in ids if i in allowed]


@require_POST
@office_only
def inbound_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the reviewed directive with the message's reference and files."""
    document = _document(request, pk)
    if not (document.is_pending and document.business == InboundDocument.Business.NEW):
        raise Http404
    today = timezone.localdate()
    data = request.POST
    if "add_row" in data:
        data = data.copy()
        total = int(data.get("tasks-TOTAL_FORMS") or 0)
        data["tasks-TOTAL_FORMS"] = str(min(total + 1, 80))
    source = reading.SourceForm(data)
    directive_form = DirectiveForm(data, prefix="directive", today=today)
    formset = reading.ReviewFormSet(
        data, prefix="tasks", form_kwargs=_row_kwargs(request)
    )
    if "add_row" in data:
        return _review(request, document, directive_form, source, formset)
    valid = source.is_valid() & directive_form.is_valid() & formset.is_valid()
    if valid:
        kept = [
            f
            for f in formset.forms
            if f.has_changed() and not formset._should_delete_form(f) and f.cleaned_data
        ]
        tasks = [
            reading.tasks_of_row(row.task_values(), _extra_leads(row)) for row in kept
        ]
        try:
            directive = decisions.confirm(
                document,
                values=directive_form.directive_values(),
                tasks=[values for row in tasks for values in row],
                rows=[i for i, row in enumerate(tasks) for _v in row],
                by=request.user,
                today=today,
                now=timezone.now(),
            )
        except InvalidInput as exc:
            apply_errors(directive_form if exc.row is None else kept[exc.row], exc)
        except DomainError as exc:
            apply_errors(directive_form, exc)
        else:
            count = sum(len(t) for t in tasks)
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
    return _review(
        request, document, directive_form, source, formset, validate=True, status=422
    )


@require_POST
@office_only
def inbound_apply(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    directive = decisions.apply_change(
        document, by=request.user, today=timezone.localdate(), now=timezone.now()
    )
    messages.success(request, _("The change is applied to the directive."))
    return redirect(directive)


@require_POST
@office_only
def inbound_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    decisions.dismiss(document, by=request.user, now=timezone.now())
    messages.info(request, _("The document is set aside; nothing was recorded."))
    return redirect("imports:receive")


@require_POST
@office_only
def inbound_link(request: HttpRequest, pk: int) -> HttpResponse:
    """The directive was entered by hand: link it to this message."""
    document = _document(request, pk)
    directive = decisions.same_number(document)
    if directive is None:
        raise Http404
    decisions.link(document, directive, by=request.user, now=timezone.now())
    messages.success(
        request, _("The directive is linked to its record in the document system.")
    )
    return redirect(directive)
