"""Pages that belong to no single app: home, search, health."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from chidao.accounts.models import Role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role starts on its own page; see `home_panels` for what it shows."""
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
