"""The client address comes only from a trusted proxy's X-Real-IP (SECURITY.md 26)."""

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from chidao.lib.proxy import TrustedProxyMiddleware


def seen(settings, **meta: str) -> dict:  # noqa: ANN001
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    captured: dict = {}

    def view(request: HttpRequest) -> HttpResponse:
        captured.update(request.META)
        return HttpResponse()

    TrustedProxyMiddleware(view)(RequestFactory().get("/", **meta))
    return captured


def test_a_trusted_proxy_gives_the_client_address(settings):
    meta = seen(settings, REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
    assert meta["REMOTE_ADDR"] == "203.0.113.7"


def test_headers_from_anyone_else_are_dropped(settings):
    meta = seen(
        settings,
        REMOTE_ADDR="198.51.100.4",
        HTTP_X_REAL_IP="10.0.0.1",
        HTTP_X_FORWARDED_FOR="10.0.0.1",
        HTTP_X_FORWARDED_PROTO="https",
    )
    assert meta["REMOTE_ADDR"] == "198.51.100.4"
    assert "HTTP_X_REAL_IP" not in meta
    assert "HTTP_X_FORWARDED_PROTO" not in meta


@pytest.mark.parametrize("value", ["", "not-an-ip", "1.2.3.4, 5.6.7.8"])
def test_a_malformed_header_keeps_the_proxy_address(settings, value):
    meta = seen(settings, REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP=value)
    assert meta["REMOTE_ADDR"] == "127.0.0.1"
