"""Session limits and the forced password change."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from chidao.lib.net import client_ip, in_networks

from .receivers import SESSION_STARTED_KEY
from .validators import password_expired


class SessionLifetimeMiddleware:
    """End a session that has lasted longer than SESSION_ABSOLUTE_HOURS."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and hasattr(request, "session"):
            started = request.session.get(SESSION_STARTED_KEY)
            limit = settings.SESSION_ABSOLUTE_HOURS * 3600
            if started is None or timezone.now().timestamp() - started > limit:
                logout(request)
                if not request.path.startswith("/api/"):
                    return redirect(
                        f"{reverse(settings.LOGIN_URL)}?next={request.path}"
                    )
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """Until an issued (or an administrator's expired) password is changed, every
    page leads to the change form."""

    ALLOWED_PREFIXES = ("/static/", "/i18n/", "/api/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and (
            getattr(user, "must_change_password", False) or password_expired(user)
        ):
            allowed = {reverse("accounts:password_change"), reverse("accounts:logout")}
            if request.path not in allowed and not request.path.startswith(
                self.ALLOWED_PREFIXES
            ):
                return redirect("accounts:password_change")
        return self.get_response(request)


class MonitoringNoticeMiddleware:
    """At first sign-in the user acknowledges that use is logged (SECURITY.md 49)."""

    OPEN_PREFIXES = ("/static/", "/i18n/", "/api/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "monitoring_notice_acknowledged_at", True) is None
        ):
            open_paths = {
                reverse("accounts:monitoring_notice"),
                reverse("accounts:logout"),
            }
            if request.path not in open_paths and not request.path.startswith(
                self.OPEN_PREFIXES
            ):
                return redirect(
                    f"{reverse('accounts:monitoring_notice')}?next={request.path}"
                )
        return self.get_response(request)


class AdminNetworkMiddleware:
    """The admin pages answer only to allow-listed addresses (SECURITY.md 26).

    Others get the ordinary 404, so the admin path is not even confirmed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefix = "/" + settings.ADMIN_URL.lstrip("/")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(self.prefix):
            if not in_networks(client_ip(request), settings.ADMIN_ALLOWED_NETS):
                raise Http404
        return self.get_response(request)
