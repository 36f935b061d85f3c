from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from .forms import ImportForm, SignInForm
from .importing import import_users
from .models import Role
from .permissions import role_required
from .services import record_password_change


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = SignInForm
    redirect_authenticated_user = True


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
        result = import_users(upload, upload.name)
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
