"""The client's address, behind the reverse proxy or not (SECURITY.md 26, 45).

One function for the admin allow-list, the sign-in lockout (django-axes) and
the security log. `X-Forwarded-For` is believed only as far as it was written
by a proxy named in TRUSTED_PROXIES: walking the header from the right, each
hop added by a trusted proxy is skipped, and the first address that is not a
trusted proxy is the client. A header sent by anyone else is ignored.
`chidao.lib.proxy.TrustedProxyMiddleware` runs first: behind nginx it has
already put X-Real-IP in REMOTE_ADDR, and it drops the forwarded headers of
any peer that is not a trusted proxy.
"""

from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

from django.conf import settings
from django.http import HttpRequest


@lru_cache(maxsize=8)
def _networks(cidrs: tuple[str, ...]) -> tuple[IPv4Network | IPv6Network, ...]:
    return tuple(ip_network(c.strip(), strict=False) for c in cidrs if c.strip())


def in_networks(address: str, cidrs: list[str] | tuple[str, ...]) -> bool:
    """True if `address` is a valid IP inside one of `cidrs`."""
    try:
        ip = ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in net for net in _networks(tuple(cidrs)))


def client_ip(request: HttpRequest | None) -> str:
    """The address of whoever sent `request`, never one a client chose."""
    if request is None:
        return ""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = tuple(getattr(settings, "TRUSTED_PROXIES", ()))
    if not trusted or not in_networks(remote, trusted):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [h.strip() for h in forwarded.split(",") if h.strip()]
    for hop in reversed(hops):
        if not _valid(hop):
            # A garbled hop: nothing left of it can be trusted.
            return remote
        if not in_networks(hop, trusted):
            return hop
        remote = hop
    return remote


def _valid(address: str) -> bool:
    try:
        ip_address(address)
    except ValueError:
        return False
    return True


def axes_client_ip(request: HttpRequest) -> str:
    """AXES_CLIENT_IP_CALLABLE: the lockout keys on the real client address."""
    return client_ip(request)
