from django.urls import path

from . import views

app_name = "attachments"
urlpatterns = [
    path("<int:pk>/", views.download, name="download"),
    path("tai-len/<str:kind>/<int:pk>/", views.upload, name="upload"),
]
