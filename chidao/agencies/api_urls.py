from django.urls import path

from . import api

urlpatterns = [
    path("agencies", api.AgencyListApi.as_view(), name="agencies"),
    path("agencies/<int:pk>", api.AgencyDetailApi.as_view(), name="agency"),
]
