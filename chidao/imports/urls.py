from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.start, name="start"),
    path("mau-bang-theo-doi.xlsx", views.template, name="template"),
    path("so-van-ban/", views.register, name="register"),
    path("<int:pk>/", views.run_detail, name="run"),
    path("<int:pk>/tien-do/", views.run_progress, name="progress"),
    path("<int:pk>/cot/", views.run_mapping, name="mapping"),
    path("<int:pk>/nhap/", views.run_commit, name="commit"),
    path("qlvb/", views.receive, name="receive"),
    path("qlvb/<int:pk>/", views.inbound_detail, name="inbound"),
    path("qlvb/<int:pk>/xac-nhan/", views.inbound_confirm, name="inbound_confirm"),
    path("qlvb/<int:pk>/ap-dung/", views.inbound_apply, name="inbound_apply"),
    path("qlvb/<int:pk>/bo-qua/", views.inbound_dismiss, name="inbound_dismiss"),
    path("qlvb/<int:pk>/lien-ket/", views.inbound_link, name="inbound_link"),
]
