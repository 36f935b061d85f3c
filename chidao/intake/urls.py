from django.urls import path

from . import views

app_name = "directives"
urlpatterns = [
    path("", views.directive_list, name="list"),
    path("tao/", views.directive_create, name="create"),
    path("tao/dong-nhiem-vu/", views.directive_task_row, name="task_row"),
    path("<int:pk>/", views.directive_detail, name="detail"),
    path("<int:pk>/sua/", views.directive_edit, name="edit"),
    path("<int:pk>/chi-dao/", views.directive_direct, name="direct"),
    path("<int:pk>/chuyen-theo-doi/", views.directive_hand_over, name="hand_over"),
]
