from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chidao.audit.admin import AuditedAdmin
from chidao.lib.errors import DomainError

from .forms import ImportForm, MergeForm
from .importing import import_agencies
from .models import Agency, AgencyMerge
from .services import merge_agency


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    list_display = (
        "code",
        "name",
        "electronic_code",
        "kind",
        "parent",
        "valid_from",
        "dissolved_on",
        "successor",
    )
    list_filter = (
        "kind",
        "needs_head_sign_off",
        ("dissolved_on", admin.EmptyFieldListFilter),
    )
    search_fields = ("code", "name", "short_name", "search_name", "electronic_code")
    autocomplete_fields = ("parent", "successor")
    readonly_fields = ("dissolved_on", "successor")
    change_list_template = "admin/agencies/agency/change_list.html"
    change_form_template = "admin/agencies/agency/change_form.html"

    def get_urls(self) -> list:
        return [
            path(
                "nhap/",
                self.admin_site.admin_view(self.import_view),
                name="agencies_agency_import",
            ),
            path(
                "<int:pk>/sap-nhap/",
                self.admin_site.admin_view(self.merge_view),
                name="agencies_agency_merge",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        form = ImportForm(request.POST or None, request.FILES or None)
        result = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            result = import_agencies(upload, upload.name)
            if result.ok:
                self.message_user(
                    request,
                    _("Imported %(created)d new and %(updated)d updated agencies.")
                    % {"created": result.created, "updated": result.updated},
                )
                return redirect("admin:agencies_agency_changelist")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "result": result,
            "opts": self.model._meta,
            "title": _("Import agencies"),
        }
        return render(
            request,
            "admin/agencies/agency/import.html",
            context,
            status=422 if result and not result.ok else 200,
        )

    def merge_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        agency = get_object_or_404(Agency, pk=pk)
        form = MergeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                merge = merge_agency(agency, by=request.user, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                self.message_user(
                    request,
                    _(
                        "%(old)s was merged into %(new)s: %(tasks)d open tasks and "
                        "%(users)d accounts moved."
                    )
                    % {
                        "old": agency,
                        "new": merge.into,
                        "tasks": merge.tasks_moved,
                        "users": merge.users_moved,
                    },
                    messages.SUCCESS,
                )
                return redirect("admin:agencies_agency_change", pk)
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "agency": agency,
            "opts": self.model._meta,
            "title": _("Merge %(agency)s") % {"agency": agency},
        }
        return render(request, "admin/agencies/agency/merge.html", context)


@admin.register(AgencyMerge)
class AgencyMergeAdmin(admin.ModelAdmin):
    list_display = (
        "dissolved",
        "into",
        "effective_on",
        "tasks_moved",
        "users_moved",
        "by",
        "at",
    )
    readonly_fields = [f.name for f in AgencyMerge._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


admin.site.site_header = gettext_lazy("ChiDao administration")
admin.site.site_title = gettext_lazy("ChiDao")
