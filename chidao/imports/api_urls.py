from django.urls import path

from . import api

# "directives/import", "directives/register" beside the intake app's
# "directives/<int:pk>": no clash.
urlpatterns = [
    path("imports/tasks", api.ImportTasksApi.as_view(), name="import-tasks"),
    path("imports/tasks/<int:pk>", api.ImportRunApi.as_view(), name="import-run"),
    path(
        "directives/import", api.DirectiveImportApi.as_view(), name="directive-import"
    ),
    path(
        "directives/register",
        api.DirectiveRegisterApi.as_view(),
        name="directive-register",
    ),
    path(
        "directives/<int:pk>/edxml-status",
        api.DirectiveEdxmlStatusApi.as_view(),
        name="directive-edxml-status",
    ),
]
