"""Read models for the attachment panel and the API list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from chidao.accounts.models import Role

from .models import Attachment, AttachmentQuerySet

if TYPE_CHECKING:
    from chidao.accounts.models import User


def sees_blocked_files(user: User) -> bool:
    """The Office and admins see refused files of others, to follow them up."""
    return user.is_office or user.has_role(Role.ADMIN) or user.is_superuser


def attachments_for(parent: models.Model, user: User) -> AttachmentQuerySet:
    """A parent's files for `user`, in one query: clean ones, plus their own."""
    rows = Attachment.objects.of(parent).select_related("uploaded_by")
    if not sees_blocked_files(user):
        servable = Attachment.objects.servable().values("pk")
        rows = rows.filter(Q(pk__in=servable) | Q(uploaded_by=user))
    return rows
