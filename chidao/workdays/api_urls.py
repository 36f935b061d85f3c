from django.urls import path, register_converter

from . import api
from .converters import IsoDateConverter

register_converter(IsoDateConverter, "isodate")

urlpatterns = [
    path("calendar/add", api.CalendarAddApi.as_view(), name="calendar-add"),
    path("calendar/days", api.CalendarDaysApi.as_view(), name="calendar-days"),
    path(
        "calendar/overrides",
        api.OverrideSetApi.as_view(),
        name="calendar-override-set",
    ),
    path(
        "calendar/overrides/<isodate:day>",
        api.OverrideRemoveApi.as_view(),
        name="calendar-override-remove",
    ),
]
