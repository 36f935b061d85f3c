from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "title", "read_at", "emailed_at"]
    list_filter = ["read_at", "emailed_at"]
    search_fields = ["title", "recipient__username", "key"]
    raw_id_fields = ["recipient"]
    readonly_fields = ["created_at", "key", "batch"]
