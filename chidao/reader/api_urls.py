from django.urls import path

from . import api

# "directives/read" beside the directives app's "directives/<int:pk>": no clash.
urlpatterns = [
    path("directives/read", api.DirectiveReadApi.as_view(), name="directive-read"),
]
