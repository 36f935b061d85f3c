"""A second factor for administrators (SECURITY.md 18; TCVN 4.6.2.4).

Every account with administrative rights (the admin role, staff or
superuser) proves a TOTP code from an authenticator app before any page
opens; the first time, it enrols one (a QR code drawn here, no outside
service). django-otp refuses a code already used (ASVS 6.5.1) and slows
down guessing.
"""

from __future__ import annotations

from collections.abc import Callable

import segno
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from chidao.audit import services as audit

from .models import User
from .permissions import has_admin_rights


def needs_mfa(user: object) -> bool:
    """Accounts with administrative rights must use a second factor."""
    return has_admin_rights(user)


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user: User) -> TOTPDevice:
    """The device being enrolled: one unconfirmed key, kept until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="ChiDao", confirmed=False)
    return device


def qr_data_uri(device: TOTPDevice) -> str:
    """The enrolment QR code as an SVG data URI (drawn here, CSP `img-src data:`)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5)


def verify_code(user: User, code: str) -> bool:
    """True if `code` is the current, not yet used, code of the user's device."""
    device = confirmed_device(user)
    return device is not None and device.verify_token(code.strip())


def confirm_enrolment(request: HttpRequest, code: str) -> bool:
    """Confirm the pending device with its first code and mark the session."""
    device = pending_device(request.user)
    if not device.verify_token(code.strip()):
        return False
    TOTPDevice.objects.filter(user=request.user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    audit.record("mfa.enrol", obj=request.user, by=request.user)
    return True


def verify_session(request: HttpRequest, code: str) -> bool:
    device = confirmed_device(request.user)
    if device is None or not device.verify_token(code.strip()):
        return False
    otp_login(request, device)
    return True


class AdminMfaMiddleware:
    """Until an administrator's session has passed the second factor, every
    page leads to enrolment or to the code form."""

    OPEN_PREFIXES = ("/static/", "/i18n/", "/api/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if needs_mfa(user) and not user.is_verified():
            open_paths = {
                reverse("accounts:mfa"),
                reverse("accounts:logout"),
                reverse("accounts:password_change"),
            }
            if request.path not in open_paths and not request.path.startswith(
                self.OPEN_PREFIXES
            ):
                return redirect(f"{reverse('accounts:mfa')}?next={request.path}")
        return self.get_response(request)
