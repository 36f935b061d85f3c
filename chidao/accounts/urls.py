from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.SignInView.as_view(), name="login"),
    path("dang-xuat/", views.SignOutView.as_view(), name="logout"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("nhap-tai-khoan/", views.user_import, name="import"),
    path("xac-thuc-hai-buoc/", views.mfa, name="mfa"),
    path("thong-bao-giam-sat/", views.monitoring_notice, name="monitoring_notice"),
]
