from django.contrib import admin
from django.http import HttpRequest

from .models import Attachment


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    """Read-only: files change only through upload, scan and verify."""

    list_display = [
        "original_name",
        "status",
        "size",
        "content_type_detected",
        "uploaded_by",
        "uploaded_at",
        "scanned_at",
    ]
    list_filter = ["status", "content_type_detected"]
    search_fields = ["original_name", "sha256"]
    date_hierarchy = "uploaded_at"
    list_select_related = ["uploaded_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: Attachment | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: Attachment | None = None
    ) -> bool:
        return False
