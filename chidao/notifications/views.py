"""The user's notices: list, open one, mark read."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .models import Notification
from .services import mark_all_read, mark_read

PAGE_SIZE = 25


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notices = Notification.objects.for_user(request.user)
    if request.GET.get("unread"):
        notices = notices.unread()
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page": page, "only_unread": bool(request.GET.get("unread"))},
    )


@require_POST
@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    mark_read(notice, by=request.user)
    if notice.url and url_has_allowed_host_and_scheme(
        notice.url, allowed_hosts={request.get_host()}, require_https=False
    ):
        return redirect(notice.url)
    return redirect("notifications:list")


@require_POST
@login_required
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    mark_read(notice, by=request.user)
    if request.headers.get("HX-Request"):
        return render(request, "notifications/_item.html", {"n": notice})
    return redirect("notifications:list")


@require_POST
@login_required
def notification_read_all(request: HttpRequest) -> HttpResponse:
    mark_all_read(by=request.user)
    return redirect("notifications:list")
