from django.urls import path

from . import api

urlpatterns = [
    path("directives", api.DirectiveListCreateApi.as_view(), name="directives"),
    path("directives/<int:pk>", api.DirectiveDetailApi.as_view(), name="directive"),
    path(
        "directives/<int:pk>/hand_over",
        api.DirectiveHandOverApi.as_view(),
        name="directive-hand-over",
    ),
]
