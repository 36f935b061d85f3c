"""Report pages under /bao-cao/."""

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("co-quan/", views.agency_dashboard, name="agency_dashboard"),
    path("dinh-ky/", views.periodic, name="periodic"),
    path("dinh-ky/tai-ve.<str:fmt>", views.periodic_download, name="periodic_download"),
    path("dinh-ky/lap/", views.periodic_build, name="periodic_build"),
    path("dinh-ky/ban/<int:pk>/", views.build_detail, name="build"),
    path("dinh-ky/ban/<int:pk>/tien-do/", views.build_progress, name="build_progress"),
    path(
        "dinh-ky/ban/<int:pk>/tai-ve.<str:fmt>",
        views.build_download,
        name="build_download",
    ),
    path("lich-gui/", views.schedules_page, name="schedules"),
    path("lich-gui/<int:pk>/", views.schedule_toggle, name="schedule_toggle"),
    path("su-dung/", views.usage_page, name="usage"),
    path("su-dung/tai-ve.<str:fmt>", views.usage_download, name="usage_download"),
    path("nhiem-vu.xlsx", views.task_list_xlsx, name="task_list_xlsx"),
]
