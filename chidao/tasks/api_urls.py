from django.urls import path

from . import api

urlpatterns = [
    path("tasks", api.TaskListCreateApi.as_view(), name="tasks"),
    path("tasks/<int:pk>", api.TaskDetailApi.as_view(), name="task"),
    path("tasks/<int:pk>/events", api.TaskEventsApi.as_view(), name="task-events"),
    path(
        "tasks/<int:pk>/subtasks",
        api.TaskSubtaskCreateApi.as_view(),
        name="task-subtasks",
    ),
    path(
        "tasks/<int:pk>/actions/<str:action>",
        api.TaskActionApi.as_view(),
        name="task-action",
    ),
    path(
        "tasks/<int:pk>/comments", api.TaskCommentsApi.as_view(), name="task-comments"
    ),
    path(
        "tasks/<int:pk>/directions",
        api.TaskDirectionsApi.as_view(),
        name="task-directions",
    ),
    path("tasks/<int:pk>/reports", api.TaskReportsApi.as_view(), name="task-reports"),
    path("sectors", api.SectorListApi.as_view(), name="sectors"),
]
