from django.urls import path

from . import views

app_name = "reader"
urlpatterns = [
    path("", views.start, name="start"),
    path("xem-lai/", views.review, name="review"),
]
