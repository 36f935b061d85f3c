"""The project's URLs plus views that fail, to see what a failure shows."""

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path

from chidao.urls import urlpatterns as project_urlpatterns


def broken_page(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom: the secret is in settings.SECRET_KEY")


def broken_query(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT no_such_column FROM tasks_task")
    return HttpResponse("unreachable")


urlpatterns = [
    path("hong/", broken_page),
    path("hong/truy-van/", broken_query),
    path("api/v1/hong", broken_page),
    *project_urlpatterns,
]
