"""Every API error as `{detail, code[, errors]}` (API.md), in the caller's language."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from chidao.lib.errors import DomainError, InvalidInput


def exception_handler(exc: Exception, context: dict) -> Response | None:
    response = _render(exc, context)
    if response is not None:
        # An error answer leaves nothing written (ATOMIC_REQUESTS is on).
        set_rollback()
    return response


def _invalid(errors: object) -> Response:
    return Response(
        {
            "detail": _("The data sent is not valid."),
            "code": "invalid",
            "errors": errors,
        },
        status=status.HTTP_422_UNPROCESSABLE_ENTITY,
    )


def _render(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, InvalidInput):
        return _invalid(exc.errors)
    if isinstance(exc, DomainError):
        return Response({"detail": exc.message, "code": exc.code}, status=exc.status)
    if isinstance(exc, Http404):
        return Response(
            {"detail": _("Not found."), "code": "not_found"},
            status=status.HTTP_404_NOT_FOUND,
        )
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.ValidationError):
        errors = (
            exc.detail
            if isinstance(exc.detail, dict)
            else {"non_field_errors": exc.detail}
        )
        return _invalid(errors)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        response.data = {
            "detail": str(exc.detail)
            if not isinstance(exc.detail, dict | list)
            else _("The request could not be processed."),
            "code": codes if isinstance(codes, str) else "error",
        }
    return response
