"""The header navigation, by role. Links whose page does not exist are skipped."""

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import OFFICE_ROLES, Role

EVERYONE = frozenset(Role.values)
AGENCY = frozenset({Role.AGENCY_LEAD, Role.AGENCY_OFFICER})
READERS = frozenset({*OFFICE_ROLES, Role.LEADER})

# (url name, label, roles that see it)
NAVIGATION = [
    ("reports:dashboard", _("Dashboard"), READERS),
    ("tasks:my_work", _("My work"), OFFICE_ROLES),
    ("tasks:inbox", _("Assigned tasks"), AGENCY),
    (
        "tasks:awaiting_direction",
        _("Awaiting direction"),
        frozenset({Role.LEADER, Role.OFFICE_LEAD}),
    ),
    ("directives:list", _("Directives"), READERS),
    ("tasks:list", _("Tasks"), EVERYONE),
    ("reports:agency_dashboard", _("Our agency"), AGENCY),
    ("reports:periodic", _("Reports"), READERS),
    ("imports:start", _("Import"), OFFICE_ROLES),
    ("workdays:year", _("Calendar"), EVERYONE),
    ("audit:list", _("Audit trail"), frozenset({Role.AUDITOR})),
    (
        "admin_home",
        pgettext_lazy("navigation", "Administration"),
        frozenset({Role.ADMIN}),
    ),
]


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for name, label, roles in NAVIGATION:
        if not (user.roles & roles or (user.is_superuser and Role.ADMIN in roles)):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": False})
    # Only the most specific link is current (/nhiem-vu/viec-cua-toi/ is not
    # also /nhiem-vu/).
    matches = [
        i for i in items if i["url"] != "/" and request.path.startswith(i["url"])
    ]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    return {"nav_items": items}
