"""Admin: sectors are edited here; tasks are read-mostly, events read-only."""

from django.contrib import admin
from django.http import HttpRequest

from chidao.audit.admin import AuditedAdmin

from .models import (
    Comment,
    Direction,
    ExtensionRequest,
    ProgressReport,
    Sector,
    SignOff,
    Task,
    TaskEvent,
)


@admin.register(Sector)
class SectorAdmin(AuditedAdmin):
    list_display = ("name", "code", "active")
    list_filter = ("active",)
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class EventInline(ReadOnlyInline):
    model = TaskEvent
    fields = ("at", "actor", "action", "from_state", "to_state", "note")
    readonly_fields = fields


class ReportInline(ReadOnlyInline):
    model = ProgressReport
    fields = ("at", "by", "is_done", "completed_on", "text")
    readonly_fields = fields


class DirectionInline(ReadOnlyInline):
    model = Direction
    fields = ("at", "leader", "by", "text")
    readonly_fields = fields


class SignOffInline(ReadOnlyInline):
    model = SignOff
    fields = ("at", "by", "completed_on", "state", "decided_by", "reason")
    readonly_fields = fields


@admin.register(Task)
class TaskAdmin(AuditedAdmin):
    """Read-mostly: changes go through the task pages, where they are recorded."""

    list_display = (
        "id",
        "content_short",
        "directive",
        "lead_agency",
        "state",
        "deadline",
        "report_due",
    )
    list_filter = ("state", "kind", "sector")
    search_fields = ("search_text", "directive__number")
    list_select_related = ("directive", "lead_agency")
    autocomplete_fields = ("sector",)
    fields = (
        "directive",
        "parent",
        "content",
        "lead_agency",
        "cooperating_agencies",
        "tracking_officer",
        "sector",
        "kind",
        "original_deadline",
        "deadline",
        "period",
        "state",
        "report_due",
        "handed_over_at",
        "accepted_at",
        "completed_on",
        "confirmed_on",
        "cancelled_at",
        "version",
    )
    # Only the sector may be corrected here; everything else is on record.
    readonly_fields = tuple(f for f in fields if f != "sector")
    inlines = (DirectionInline, ReportInline, SignOffInline, EventInline)

    @admin.display(description=Task._meta.get_field("content").verbose_name)
    def content_short(self, task: Task) -> str:
        return task.content[:80]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(TaskEvent)
class TaskEventAdmin(admin.ModelAdmin):
    """The append-only log: nothing here can be added, changed or removed."""

    list_display = ("at", "task", "actor", "action", "from_state", "to_state")
    list_filter = ("action",)
    search_fields = ("note", "task__search_text")
    list_select_related = ("task", "actor")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(TaskEventAdmin):
    list_display = ("task", "old_deadline", "new_deadline", "state", "requested_by")
    list_filter = ("state",)
    search_fields = ("reason", "task__search_text")
    list_select_related = ("task", "requested_by")
    date_hierarchy = "requested_at"


@admin.register(Comment)
class CommentAdmin(TaskEventAdmin):
    list_display = ("at", "task", "by")
    list_filter = ()
    search_fields = ("text",)
    list_select_related = ("task", "by")
    date_hierarchy = "at"
