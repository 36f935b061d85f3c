"""Pages that belong to no single app: home, search, health."""

import logging

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from chidao.accounts.models import Role
from chidao.scheduling.heartbeat import worker_alive
from chidao.tasks.models import Task, directives_visible_to
from chidao.tasks.selectors import decorate, with_list_data

SEARCH_ROWS = 20

logger = logging.getLogger(__name__)

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
    sections = []
    if query:
        today = timezone.localdate()
        tasks = with_list_data(
            Task.objects.visible_to(request.user).search(query), today
        ).order_by("-created_at", "-id")
        directives = (
            directives_visible_to(request.user)
            .search(query)
            .order_by("-issued_on", "-id")
        )
        for title, qs, template, more in (
            (_("Tasks"), tasks, "tasks/_task_table.html", "tasks:list"),
            (
                _("Directives"),
                directives,
                "directives/_directive_table.html",
                "directives:list",
            ),
        ):
            count = qs.count()
            if count:
                rows = list(qs[:SEARCH_ROWS])
                if qs is tasks:
                    rows = decorate(rows, today)
                sections.append(
                    {
                        "title": title,
                        "count": count,
                        "rows": rows,
                        "template": template,
                        "more_url": f"{reverse(more)}?{urlencode({'q': query})}"
                        if count > SEARCH_ROWS
                        else "",
                    }
                )
    return render(request, "search.html", {"q": query, "sections": sections})


@require_GET
@transaction.non_atomic_requests
def health(request: HttpRequest) -> JsonResponse:
    """200 when the database answers and a worker runs jobs; nothing more said.

    The reason for a 503 goes to the log, never to the (public) caller.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        alive = worker_alive(now=timezone.now())
    except DatabaseError:
        logger.exception("health: the database does not answer")
        return JsonResponse({"status": "error"}, status=503)
    if not alive:
        logger.error("health: no worker has run the heartbeat job recently")
        return JsonResponse({"status": "error"}, status=503)
    return JsonResponse({"status": "ok"})
