"""The records files hang on, registered by the apps that own them.

`attachments` sits below `directives` and `tasks` (docs/ARCHITECTURE.md), so it
never imports them: each of those apps registers its models here when it is
ready, with the function that says which rows a user may see. A parent may
define `can_attach(user)`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.http import Http404

from chidao.accounts.models import Role

if TYPE_CHECKING:
    from chidao.accounts.models import User


@dataclass(frozen=True)
class Parent:
    model: type[models.Model]
    visible: Callable[[User], models.QuerySet]


_PARENTS: dict[str, Parent] = {}


def register(
    kind: str,
    model: type[models.Model],
    visible: Callable[[User], models.QuerySet] | None = None,
) -> None:
    """Let files hang on `model` rows; `visible(user)` defaults to its manager's
    `visible_to(user)`."""
    _PARENTS[kind] = Parent(
        model,
        visible or (lambda user: model._default_manager.visible_to(user)),  # type: ignore[attr-defined]
    )


def _parent(kind: str) -> Parent:
    try:
        return _PARENTS[kind]
    except KeyError as exc:
        raise Http404(kind) from exc


def parent_model(kind: str) -> type[models.Model]:
    """The model behind a parent kind; Http404 for an unknown kind."""
    return _parent(kind).model


def parent_models() -> dict[str, type[models.Model]]:
    """Every registered parent kind and its model."""
    return {kind: parent.model for kind, parent in _PARENTS.items()}


def kind_of(parent: models.Model) -> str:
    for kind, registered in _PARENTS.items():
        if isinstance(parent, registered.model):
            return kind
    raise ValueError(f"{parent._meta.label} cannot carry attachments")


def visible_parents(model: type[models.Model], user: User) -> models.QuerySet:
    for registered in _PARENTS.values():
        if registered.model is model:
            return registered.visible(user)
    raise ValueError(f"{model._meta.label} cannot carry attachments")


def get_visible_parent(kind: str, pk: int, user: User) -> models.Model:
    """The parent if `user` may see it; Http404 when missing or hidden alike."""
    parent = _parent(kind)
    model = parent.model
    try:
        return parent.visible(user).get(pk=pk)
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
