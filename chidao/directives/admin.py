"""Admin: directives are read here; they are recorded through the Office's pages."""

from django.contrib import admin
from django.http import HttpRequest

from chidao.audit.admin import AuditedAdmin

from .models import Directive


@admin.register(Directive)
class DirectiveAdmin(AuditedAdmin):
    list_display = ("number", "kind", "issued_on", "summary", "handover_due_on")
    list_filter = ("kind", "issued_year")
    search_fields = ("number", "search_text")
    date_hierarchy = "issued_on"
    readonly_fields = (
        "kind",
        "number",
        "issued_on",
        "issued_year",
        "needs_opinions",
        "handover_due_on",
        "created_by",
        "created_at",
    )
    fields = (
        "kind",
        "number",
        "issued_on",
        "summary",
        "signer",
        "directing_leader",
        "proposing_agency",
        "needs_opinions",
        "handover_due_on",
        "created_by",
        "created_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A directive is recorded with its refusal rules on the Office's page.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
