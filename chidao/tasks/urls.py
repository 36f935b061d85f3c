from django.urls import path

from . import bulk_views, views

app_name = "tasks"
urlpatterns = [
    path("", views.task_list, name="list"),
    path("viec-cua-toi/", views.my_work, name="my_work"),
    path("duoc-giao/", views.inbox, name="inbox"),
    path("cho-y-kien-chi-dao/", views.awaiting_direction, name="awaiting_direction"),
    path("them/", views.task_create, name="create"),
    path("hang-loat/<str:action>/", bulk_views.bulk_action, name="bulk"),
    path("don-doc/", views.urge_many, name="urge_many"),
    path("<int:pk>/", views.task_detail, name="detail"),
    path("<int:pk>/sua/", views.task_edit, name="edit"),
    path("<int:pk>/nhiem-vu-con/", views.subtask_create, name="subtask_create"),
    path("<int:pk>/<str:action>/", views.task_action, name="action"),
]
