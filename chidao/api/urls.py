"""/api/v1: each domain app contributes its own `api_urls.py`."""

from importlib import import_module
from importlib.util import find_spec

from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerView

DOMAIN_APPS = [
    "accounts",
    "agencies",
    "notifications",
    "workdays",
    "attachments",
    "intake",
    "tasks",
    "reader",
    "reports",
    "imports",
]

app_name = "api"
urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
for _app in DOMAIN_APPS:
    _module = f"chidao.{_app}.api_urls"
    if find_spec(_module) is not None:
        urlpatterns.append(path("", include(import_module(_module).urlpatterns)))
