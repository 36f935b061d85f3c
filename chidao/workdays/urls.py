from django.urls import path

from . import views

app_name = "workdays"
urlpatterns = [
    path("", views.year, name="year"),
    path("ngay/them/", views.override_set, name="override_set"),
    path("ngay/xoa/", views.override_remove, name="override_remove"),
]
