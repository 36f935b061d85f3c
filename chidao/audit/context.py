"""The request an audit record belongs to: its id and the client's address.

Set once per request by RequestIdMiddleware, so a service deep below a view
records them without being handed the request.
"""

import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse

from chidao.lib.net import client_ip


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip: str = ""


NO_REQUEST = RequestContext()  # frozen: safe to share as the default
current: ContextVar[RequestContext] = ContextVar(  # noqa: B039
    "audit_request", default=NO_REQUEST
)


def _request_id(request: HttpRequest) -> str:
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    # A proxy's id is kept if it looks like one; anything else is replaced.
    if given and len(given) <= 64 and all(c.isalnum() or c in "-_." for c in given):
        return given
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Give every request an id (X-Request-ID), echoed in the answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.id = _request_id(request)  # type: ignore[attr-defined]
        token = current.set(RequestContext(request.id, client_ip(request)))
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response["X-Request-ID"] = request.id
        return response
