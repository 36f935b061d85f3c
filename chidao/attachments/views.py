"""Upload and download pages; rules live in services, visibility in querysets."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chidao.lib.errors import Refused
from chidao.lib.ratelimit import rate_limited

from . import parents, services
from .downloads import download_response
from .forms import UploadForm
from .models import Attachment


@require_GET
@login_required
@rate_limited("download")
def download(request: HttpRequest, pk: int) -> HttpResponse:
    # Hidden parent, missing file and a file not (yet) clean: the same 404.
    attachment = get_object_or_404(
        Attachment.objects.visible_to(request.user).servable(), pk=pk
    )
    return download_response(attachment)


@require_POST
@login_required
def upload(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    parent = parents.get_visible_parent(kind, pk, request.user)
    if not parents.can_attach(request.user, parent):
        raise PermissionDenied
    next_url = _safe_next(request, parent)
    form = UploadForm(request.POST, request.FILES)
    level, text = "error", _("Choose a file to upload.")
    if form.is_valid():
        try:
            attachment = services.attach_file(
                parent, form.cleaned_data["file"], by=request.user
            )
        except Refused as exc:
            # Returned, not raised: the refusal event must be committed.
            text = _("“%(name)s” was refused: %(reason)s") % {
                "name": form.cleaned_data["file"].name,
                "reason": exc.message,
            }
        else:
            level, text = _outcome_message(attachment)
    if request.headers.get("HX-Request"):
        context = {
            "parent": parent,
            "kind": kind,
            "panel_message": text,
            "panel_level": level,
            "panel_next": next_url,
        }
        return render(request, "attachments/_panel.html", context)
    getattr(messages, level)(request, text)
    return redirect(next_url)


def _outcome_message(attachment: Attachment) -> tuple[str, str]:
    name = attachment.original_name
    if attachment.is_clean:
        return "success", _("“%(name)s” was scanned and attached.") % {"name": name}
    if attachment.is_servable:
        return "warning", _(
            "“%(name)s” was attached without a virus scan: this installation has "
            "no virus scanner."
        ) % {"name": name}
    if attachment.is_blocked:
        return "error", _("“%(name)s” was blocked: %(reason)s") % {
            "name": name,
            "reason": attachment.reason,
        }
    return "warning", _(
        "“%(name)s” is waiting in quarantine for a virus scan; it will be "
        "available once the scan passes."
    ) % {"name": name}


def _safe_next(request: HttpRequest, parent: object) -> str:
    candidate = request.POST.get("next", "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    try:
        return parent.get_absolute_url()  # type: ignore[attr-defined]
    except (AttributeError, NoReverseMatch):
        return "/"
