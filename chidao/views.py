"""Pages that belong to no single app: home, search, health."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from chidao.accounts.models import Role

# UI.md: leaders start on the dashboard, the Office on its own work, agencies on
# their inbox. The first role that has a start page wins.
START_PAGES = [
    (Role.LEADER, "reports:dashboard"),
    (Role.OFFICE_LEAD, "tasks:my_work"),
    (Role.TRACKING_OFFICER, "tasks:my_work"),
    (Role.AGENCY_LEAD, "tasks:inbox"),
    (Role.AGENCY_OFFICER, "tasks:inbox"),
]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to its start page; others get the welcome page."""
    for role, url_name in START_PAGES:
        if role in request.user.roles:
            try:
                return redirect(reverse(url_name))
            except NoReverseMatch:
                continue
    labels = [Role(r).label for r in Role.values if r in request.user.roles]
    return render(request, "home.html", {"role_labels": labels})


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """Tasks and directives matching the query, without accents."""
    query = request.GET.get("q", "").strip()
    return render(request, "search.html", {"q": query, "sections": []})


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
