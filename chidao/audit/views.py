"""The audit trail, for auditors only (SECURITY.md 49)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .models import AuditEvent

AUDITOR_ROLE = "auditor"  # accounts.Role.AUDITOR: this app sits above accounts


def can_read_audit_trail(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(
        AUDITOR_ROLE
    )


@require_GET
@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    if not can_read_audit_trail(request.user):
        raise PermissionDenied
    events = AuditEvent.objects.order_by("-seq")
    action = request.GET.get("action", "").strip()[:64]
    if action:
        events = events.filter(action__startswith=action)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "audit/list.html", {"page": page, "action": action})
