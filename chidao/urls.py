"""Root URLs. Each domain app contributes `urls.py` (pages) and `api_urls.py`."""

from importlib.util import find_spec

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from chidao.accounts import views as accounts_views

from . import views

PAGE_APPS = {
    "audit": "nhat-ky-kiem-toan/",
    "accounts": "tai-khoan/",
    "notifications": "thong-bao/",
    "workdays": "lich/",
    "attachments": "tep/",
    "intake": "van-ban/",
    "tasks": "nhiem-vu/",
    "reader": "doc-van-ban/",
    "reports": "bao-cao/",
    "imports": "nhap-lieu/",
}

urlpatterns = [
    path("", views.home, name="home"),
    path("tim-kiem/", views.search, name="search"),
    path("healthz", views.health, name="health"),
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    path(settings.ADMIN_URL, admin.site.urls),
    path(
        "quan-tri-he-thong/",
        RedirectView.as_view(url=f"/{settings.ADMIN_URL}"),
        name="admin_home",
    ),
    path("api/v1/", include("chidao.api.urls", namespace="api")),
]
for app, prefix in PAGE_APPS.items():
    if find_spec(f"chidao.{app}.urls") is not None:
        urlpatterns.append(path(prefix, include(f"chidao.{app}.urls")))

# Error answers: JSON under /api/ (API.md), the generic pages elsewhere.
handler400 = "chidao.lib.views.bad_request"
handler403 = "chidao.lib.views.permission_denied"
handler404 = "chidao.lib.views.page_not_found"
handler500 = "chidao.lib.views.server_error"
