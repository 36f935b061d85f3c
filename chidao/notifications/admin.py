from django.contrib import admin

from .models import Notification, ScheduledRun


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "title", "read_at", "emailed_at"]
    list_filter = ["read_at", "emailed_at"]
    search_fields = ["title", "recipient__username", "key"]
    raw_id_fields = ["recipient"]
    readonly_fields = ["created_at", "key", "batch"]


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin):
    list_display = ["name", "day", "created_at"]
    list_filter = ["name"]
