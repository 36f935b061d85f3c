from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import defaults

from .http import api_error
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


def _api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Error answers: API.md's JSON under /api/, Django's pages elsewhere."""
    if _api(request):
        return api_error(400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _api(request):
        return api_error(403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _api(request):
        return api_error(404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _api(request):
        return api_error(500)
    return defaults.server_error(request)
