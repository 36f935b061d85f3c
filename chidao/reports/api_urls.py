"""/api/v1/reports/..."""

from django.urls import path

from . import api

urlpatterns = [
    path("reports/summary", api.ReportSummaryApi.as_view(), name="reports-summary"),
]
