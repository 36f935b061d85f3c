from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import DayOverride
from .services import remove_day_override, set_day_override


@admin.register(DayOverride)
class DayOverrideAdmin(admin.ModelAdmin):
    list_display = ["day", "kind", "reason", "created_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["reason"]
    date_hierarchy = "day"
    fields = ["day", "kind", "reason"]

    def save_model(
        self, request: HttpRequest, obj: DayOverride, form: object, change: bool
    ) -> None:
        if change and "day" in getattr(form, "changed_data", []):
            old = DayOverride.objects.get(pk=obj.pk)
            remove_day_override(old.day, by=request.user)
        saved = set_day_override(
            obj.day, kind=obj.kind, reason=obj.reason, by=request.user
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: DayOverride) -> None:
        remove_day_override(obj.day, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for day in list(queryset.values_list("day", flat=True)):
            remove_day_override(day, by=request.user)
