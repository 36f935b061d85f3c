"""Role checks shared by the HTML views of every app."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .models import Role


def role_required(*roles: str) -> Callable:
    """Signed-in users holding one of `roles`; others get 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        @login_required
        def wrapped(
            request: HttpRequest, *args: object, **kwargs: object
        ) -> HttpResponse:
            if not request.user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def is_admin(user: object) -> bool:
    return bool(getattr(user, "is_superuser", False)) or (
        getattr(user, "is_authenticated", False) and user.has_role(Role.ADMIN)
    )


def has_admin_rights(user: object) -> bool:
    """The admin role, staff or superuser: MFA and password rotation apply."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.is_staff or user.has_role(Role.ADMIN))
