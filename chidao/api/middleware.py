"""API.md's error shape for answers that never reach a DRF view.

An unmatched `/api/v1/...` path, a body over the limit, a 405 from a plain
Django view or a crash all leave Django as HTML; under `/api/` they are
turned into `{detail, code}` here, in the caller's language.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from chidao.lib.http import api_error

API_PREFIX = "/api/"


# Bodies parsed in memory; anything else (files, edXML messages) is streamed.
IN_MEMORY_TYPES = frozenset({"application/json", "application/x-www-form-urlencoded"})


def body_limit(request: HttpRequest) -> int:
    """Bytes a request body may have: JSON and forms the in-memory limit,
    files and documents the attachment limit (plus fields and boundaries)."""
    if request.content_type in IN_MEMORY_TYPES:
        return settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return settings.ATTACHMENT_MAX_BYTES + 1024 * 1024


class RequestSizeMiddleware:
    """Refuse a body over the limit with 413 before any of it is read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = body_limit(request)
        if length > limit:
            shown = (
                limit
                if request.content_type in IN_MEMORY_TYPES
                else settings.ATTACHMENT_MAX_BYTES
            )
            message = _("The request is too large (at most %(limit)s).") % {
                "limit": filesizeformat(shown)
            }
            if request.path.startswith(API_PREFIX):
                return api_error(413, message)
            return render(
                request,
                "refused.html",
                {"message": message, "code": "too_large"},
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
