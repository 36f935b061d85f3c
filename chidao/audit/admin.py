"""Admin pages that change records write the audit trail (SECURITY.md 46).

The trail itself has no admin page: only auditors read it, on its own page.
"""

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from . import services as audit


def _state(obj: Model) -> dict:
    data = audit.snapshot(obj)
    for field in obj._meta.many_to_many:
        if obj.pk is not None:
            data[field.name] = sorted(
                getattr(obj, field.name).values_list("pk", flat=True)
            )
    return data


class AuditedAdmin(admin.ModelAdmin):
    """Record each add, change and delete made through this admin page."""

    def save_model(
        self, request: HttpRequest, obj: Model, form: object, change: bool
    ) -> None:
        before = {}
        if change and obj.pk is not None:
            old = type(obj)._default_manager.filter(pk=obj.pk).first()
            if old is not None:
                before = _state(old)
                if getattr(old, "password", None) != getattr(obj, "password", None):
                    before["password"] = "…"  # noqa: S105 (a marker, not a password)
        request._audit_before = before  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def save_related(
        self, request: HttpRequest, form: object, formsets: list, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        obj = form.instance  # type: ignore[attr-defined]
        before = getattr(request, "_audit_before", {})
        after = _state(obj)
        if "password" in before:
            after["password"] = "changed"  # noqa: S105 (a marker)
        label = obj._meta.model_name
        old, new = audit.diff(before, after) if change else ({}, after)
        if old or new:
            audit.record(
                f"{label}.{'update' if change else 'create'}",
                obj=obj,
                by=request.user,
                before=old,
                after=new,
            )
        self.after_audit(request, obj, before, after)

    def after_audit(
        self, request: HttpRequest, obj: Model, before: dict, after: dict
    ) -> None:
        """Hook for consequences of a change (e.g. tokens of a disabled user)."""

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        before = _state(obj)
        label, pk, text = obj._meta.label, obj.pk, str(obj)
        super().delete_model(request, obj)
        audit.record(
            f"{obj._meta.model_name}.delete",
            object_type=label,
            object_id=pk,
            object_repr=text,
            by=request.user,
            before=before,
        )

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in list(queryset):
            self.delete_model(request, obj)
