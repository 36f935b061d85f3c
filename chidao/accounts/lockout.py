"""The answer to a locked-out sign-in: JSON for the API, a page otherwise."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(
    request: HttpRequest,
    response: HttpResponse | None = None,
    credentials: dict | None = None,
    *args: object,
    **kwargs: object,
) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "detail": _("Too many failed sign-ins. Try again later."),
                "code": "locked",
            },
            status=429,
        )
    return render(request, "accounts/locked.html", status=429)
