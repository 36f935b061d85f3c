"""The client's address behind nginx, believed only from a trusted proxy.

nginx sets X-Real-IP to the address it saw (overwriting whatever the client
sent); the app takes it only when the connection comes from an address in
DJANGO_TRUSTED_PROXIES, and from anyone else drops the forwarded headers, so
a spoofed header never reaches the admin allow-list, the lockout or the logs
(SECURITY.md 26, ASVS 15.3.4).
"""

from __future__ import annotations

from collections.abc import Callable
from ipaddress import ip_address, ip_network

from django.conf import settings
from django.http import HttpRequest, HttpResponse

FORWARDED = ("HTTP_X_REAL_IP", "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO")


class TrustedProxyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.proxies = [
            ip_network(net.strip(), strict=False) for net in settings.TRUSTED_PROXIES
        ]

    def _trusted(self, address: str) -> bool:
        try:
            peer = ip_address(address)
        except ValueError:
            return False
        return any(peer in net for net in self.proxies)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        if self._trusted(meta.get("REMOTE_ADDR", "")):
            real = meta.get("HTTP_X_REAL_IP", "").strip()
            try:
                meta["REMOTE_ADDR"] = str(ip_address(real))
            except ValueError:
                pass
        else:
            for header in FORWARDED:
                meta.pop(header, None)
        return self.get_response(request)
