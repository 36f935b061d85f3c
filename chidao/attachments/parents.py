"""The records files hang on, looked up lazily: this app sits above them.

`attachments` may not import `directives` or `tasks` (STYLE.md layering), so
parents are named here and resolved through the app registry. Every parent
model's manager has `visible_to(user)`; a parent may define `can_attach(user)`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps
from django.db import models
from django.http import Http404

from chidao.accounts.models import Role

if TYPE_CHECKING:
    from chidao.accounts.models import User

PARENT_KINDS = {
    "directive": "directives.Directive",
    "task": "tasks.Task",
    "report": "tasks.ProgressReport",
    "comment": "tasks.Comment",
}


def parent_model(kind: str) -> type[models.Model]:
    """The model behind a parent kind; Http404 for an unknown kind."""
    try:
        return apps.get_model(PARENT_KINDS[kind])
    except (KeyError, LookupError) as exc:
        raise Http404(kind) from exc


def parent_models() -> dict[str, type[models.Model]]:
    """Every parent kind whose model is installed."""
    found = {}
    for kind, label in PARENT_KINDS.items():
        try:
            found[kind] = apps.get_model(label)
        except LookupError:
            continue
    return found


def kind_of(parent: models.Model) -> str:
    label = parent._meta.label
    for kind, model_label in PARENT_KINDS.items():
        if model_label == label:
            return kind
    raise ValueError(f"{label} cannot carry attachments")


def visible_parents(model: type[models.Model], user: User) -> models.QuerySet:
    return model._default_manager.visible_to(user)  # type: ignore[attr-defined]


def get_visible_parent(kind: str, pk: int, user: User) -> models.Model:
    """The parent if `user` may see it; Http404 when missing or hidden alike."""
    model = parent_model(kind)
    try:
        return visible_parents(model, user).get(pk=pk)
    except model.DoesNotExist as exc:  # type: ignore[attr-defined]
        raise Http404(kind) from exc


def can_attach(user: User, parent: models.Model) -> bool:
    """Whether `user` (who can see `parent`) may add files to it.

    The parent decides when it has `can_attach(user)`; otherwise anyone who
    can see it may, except read-only leaders (SECURITY.md 6).
    """
    if not getattr(user, "is_authenticated", False):
        return False
    decide = getattr(parent, "can_attach", None)
    if callable(decide):
        return bool(decide(user))
    return user.is_office or user.is_agency_user or user.has_role(Role.ADMIN)
