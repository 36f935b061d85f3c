"""API.md's error shape for answers that never reach a DRF view.

An unmatched `/api/v1/...` path, a body over the limit, a 405 from a plain
Django view or a crash all leave Django as HTML; under `/api/` they are
turned into `{detail, code}` here, in the caller's language.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("The request could not be processed."), "bad_request"),
        403: (_("You are not allowed to do this."), "permission_denied"),
        404: (_("Not found."), "not_found"),
        405: (_("This method is not allowed here."), "method_not_allowed"),
        413: (_("The request is too large."), "too_large"),
        429: (_("Too many requests. Try again later."), "throttled"),
        500: (_("Something went wrong on the server. Try again later."), "error"),
    }


def api_error(status: int) -> JsonResponse:
    """The JSON error answer for `status`, as API.md fixes it."""
    detail, code = _messages().get(
        status, (_("The request could not be processed."), "error")
    )
    return JsonResponse({"detail": detail, "code": code}, status=status)


def body_limit(request: HttpRequest) -> int:
    """Bytes a request body may have: files up to the attachment limit."""
    if request.content_type == "multipart/form-data":
        # The file plus its form fields and boundaries.
        return settings.ATTACHMENT_MAX_BYTES + 1024 * 1024
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class RequestSizeMiddleware:
    """Refuse a body over the limit with 413 before any of it is read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > body_limit(request):
            if request.path.startswith(API_PREFIX):
                return api_error(413)
            return render(
                request,
                "refused.html",
                {"message": _("The request is too large."), "code": "too_large"},
                status=413,
            )
        return self.get_response(request)


class ApiErrorMiddleware:
    """Every error answer under /api/ is JSON (API.md "Errors")."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            replacement = api_error(response.status_code)
            for header in ("Allow", "Retry-After", "WWW-Authenticate"):
                if header in response:
                    replacement[header] = response[header]
            return replacement
        return response
