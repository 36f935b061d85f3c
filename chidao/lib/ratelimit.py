"""Per-user limits on expensive requests: exports, reports, downloads
(SECURITY.md 55; ASVS 2.4.1).

A fixed one-minute window per user and scope, counted in the cache (set
CACHE_URL to a shared cache when several app servers run). Past the limit
the request is refused with 429 and a translated message, page or API alike.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import DomainError


class TooManyRequests(DomainError):
    status = 429
    code = "throttled"
    default_message = _(
        "You have asked for too many exports or downloads in a short time. "
        "Wait a minute and try again."
    )


def limit_for(scope: str) -> tuple[int, int]:
    """(requests, seconds) allowed for `scope`."""
    return settings.RATE_LIMITS.get(scope, settings.RATE_LIMITS["default"])


def check_rate(user: object, scope: str) -> None:
    """Count one request of `user` in `scope`; raise TooManyRequests past the limit."""
    if not getattr(user, "is_authenticated", False):
        return
    allowed, seconds = limit_for(scope)
    window = int(timezone.now().timestamp()) // seconds
    key = f"ratelimit:{scope}:{user.pk}:{window}"
    cache.add(key, 0, timeout=seconds + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds + 5)
        count = 1
    if count > allowed:
        raise TooManyRequests


def rate_limited(scope: str) -> Callable:
    """View decorator: `check_rate(request.user, scope)` before the view runs."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: object, *args: object, **kwargs: object) -> object:
            check_rate(request.user, scope)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
