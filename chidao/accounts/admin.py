from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "agency", "is_active", "last_login")
    list_filter = ("is_active", "groups", "agency__kind")
    search_fields = ("username", "full_name", "email", "agency__name")
    autocomplete_fields = ("agency",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("full_name", "title", "email", "agency")}),
        (
            _("Roles and access"),
            {
                "fields": (
                    "groups",
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "must_change_password",
                )
            },
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "full_name",
                    "agency",
                    "groups",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    change_list_template = "admin/accounts/user/change_list.html"
