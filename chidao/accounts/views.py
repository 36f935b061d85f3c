from base64 import b32encode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.cache import never_cache

from chidao.lib.security_log import log_security_event

from .forms import CodeForm, ImportForm, SignInForm
from .importing import import_users
from .models import Role
from .permissions import role_required
from .services import acknowledge_monitoring_notice, record_password_change


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch; a signed-in user's choice is also kept, so
    that notices reach them in it (written_for reads `User.language`)."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    if (
        request.method == "POST"
        and user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and user.language != language
    ):
        user.language = language
        user.save(update_fields=["language"])
    return response


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: SignInForm) -> HttpResponse:
        response = super().form_valid(form)
        language = form.get_user().language
        if language:  # their own choice follows them to another computer
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


class SignOutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form: object) -> HttpResponse:
        response = super().form_valid(form)
        record_password_change(self.request.user, request=self.request)
        messages.success(self.request, _("Your password has been changed."))
        return response


@role_required(Role.ADMIN)
def user_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = import_users(upload, upload.name, by=request.user)
        if result.errors:
            status = 422
        else:
            messages.success(
                request,
                _("Imported %(created)d new and %(updated)d updated accounts.")
                % {"created": result.created, "updated": result.updated},
            )
    return render(
        request, "accounts/import.html", {"form": form, "result": result}, status=status
    )


@login_required
@never_cache
def mfa(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator, or prove its code, before the admin pages open."""
    from . import mfa as second_factor

    if not second_factor.needs_mfa(request.user):
        return redirect("home")
    enrolled = second_factor.confirmed_device(request.user) is not None
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        ok = (
            second_factor.verify_session(request, code)
            if enrolled
            else second_factor.confirm_enrolment(request, code)
        )
        if ok:
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(
                target, allowed_hosts={request.get_host()}
            ):
                target = reverse("home")
            return redirect(target or "home")
        log_security_event(
            "mfa", result="failure", request=request, account=request.user.username
        )
        form.add_error("code", _("The code is wrong or has already been used."))
        status = 422
    context = {"form": form, "enrolled": enrolled}
    if not enrolled:
        device = second_factor.pending_device(request.user)
        context["qr"] = second_factor.qr_data_uri(device)
        context["secret"] = b32encode(device.bin_key).decode()
    return render(request, "accounts/mfa.html", context, status=status)


@login_required
def monitoring_notice(request: HttpRequest) -> HttpResponse:
    """The first-sign-in notice that use of ChiDao is logged (NĐ 330 Art. 61.2.c)."""
    if request.method == "POST":
        if request.user.monitoring_notice_acknowledged_at is None:
            acknowledge_monitoring_notice(request.user, now=timezone.now())
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}
        ):
            target = reverse("home")
        return redirect(target or "home")
    return render(request, "accounts/monitoring_notice.html")
