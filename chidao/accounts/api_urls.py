from django.urls import path

from . import api

urlpatterns = [
    path("auth/token", api.TokenApi.as_view(), name="auth-token"),
    path("me", api.MeApi.as_view(), name="me"),
    path("users", api.UserListApi.as_view(), name="users"),
]
