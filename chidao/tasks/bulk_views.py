"""Many tasks at once from a queue: accept (agency), hand over (Office).

The queue's checkboxes post here; the first answer is a page that says how
many tasks go to whom and asks to confirm (it works without JavaScript); the
confirmed post takes the step on each task through `workflow.perform`, each in
its own transaction, and says what happened.
"""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from chidao.accounts.models import AGENCY_ROLES, OFFICE_ROLES
from chidao.lib.errors import DomainError

from . import workflow
from .forms import MAX_ID
from .models import Task

# The steps a queue offers in bulk: the queue each comes back to, and the
# roles of that queue (others get 403, as on the queue itself).
BULK_STEPS = {
    "accept": ("tasks:inbox", AGENCY_ROLES),
    "hand_over": ("tasks:my_work", OFFICE_ROLES),
}


def _chosen(request: HttpRequest) -> list[Task]:
    try:
        ids = {int(v) for v in request.POST.getlist("task")}
    except ValueError as exc:
        raise Http404 from exc
    ids = {i for i in ids if 0 < i <= MAX_ID}
    tasks = list(
        Task.objects.visible_to(request.user)
        .filter(pk__in=ids)
        .select_related("directive", "lead_agency")
        .order_by("directive__number", "id")
    )
    # A task the user may not see is a 404, as on its own page.
    if len(tasks) != len(ids):
        raise Http404
    return tasks


@login_required
@require_POST
def bulk_action(request: HttpRequest, action: str) -> HttpResponse:
    if action not in BULK_STEPS:
        raise Http404
    back, roles = BULK_STEPS[action]
    if not request.user.has_role(*roles):
        raise PermissionDenied
    step = workflow.STEPS[action]
    tasks = _chosen(request)
    if not tasks:
        messages.error(request, _("Choose at least one task."))
        return redirect(back)
    allowed = [t for t in tasks if step in workflow.allowed_steps(t, request.user)]
    if not request.POST.get("confirmed"):
        agencies = Counter(
            t.lead_agency.short_name or t.lead_agency.name for t in allowed
        )
        return render(
            request,
            "tasks/bulk_confirm.html",
            {
                "step": step,
                "action": action,
                "tasks": allowed,
                "skipped": [t for t in tasks if t not in allowed],
                "agencies": agencies.most_common(),
                "back": back,
            },
        )
    done, failed = 0, []
    for task in allowed:
        try:
            workflow.perform(task, action, by=request.user, data={})
        except DomainError as exc:
            failed.append(f"{task.directive.number}: {exc.message}")
        else:
            done += 1
    if done:
        messages.success(
            request,
            ngettext("%(step)s: %(n)s task done.", "%(step)s: %(n)s tasks done.", done)
            % {"step": step.label, "n": done},
        )
    for message in failed:
        messages.error(request, message)
    return redirect(back)
