from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .security_log import log_security_event


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Refuse a forged or expired form post, and log it."""
    user = getattr(request, "user", None)
    log_security_event(
        "csrf",
        result="refused",
        request=request,
        account=getattr(user, "username", "") or "",
    )
    return render(request, "403_csrf.html", status=403)
