from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

from chidao.audit.admin import AuditedAdmin

from .models import User
from .tokens import revoke_token, revoke_tokens


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    list_display = ("username", "full_name", "agency", "is_active", "last_login")
    list_filter = ("is_active", "groups", "agency__kind")
    search_fields = ("username", "full_name", "email", "agency__name")
    autocomplete_fields = ("agency",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Person"),
            {"fields": ("full_name", "title", "email", "agency", "language")},
        ),
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

    def after_audit(
        self, request: HttpRequest, obj: User, before: dict, after: dict
    ) -> None:
        # SECURITY.md 23: a disabled account's API tokens end with its sessions.
        if before.get("is_active") and not obj.is_active:
            revoke_tokens(obj, by=request.user, reason="account_disabled")


admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(AuditedAdmin, BaseGroupAdmin):
    pass


admin.site.unregister(AuthToken)


@admin.register(AuthToken)
class AuthTokenAdmin(admin.ModelAdmin):
    """API tokens by holder and expiry; the token itself is never shown (it is
    stored only as a digest) and none is made here."""

    list_display = ("user", "created", "expiry")
    list_filter = ("expiry",)
    search_fields = ("user__username", "user__full_name")
    fields = ("user", "created", "expiry")
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: AuthToken) -> None:
        revoke_token(obj, by=request.user, reason="revoked_by_admin")

    def delete_queryset(self, request: HttpRequest, queryset: object) -> None:
        for token in list(queryset):
            revoke_token(token, by=request.user, reason="revoked_by_admin")

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: object) -> None:
        self.delete_queryset(request, queryset)


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class AuditedAccessAttemptAdmin(AuditedAdmin, AccessAttemptAdmin):
    """Deleting a lockout (unlocking an account) is audited (SECURITY.md 11)."""
