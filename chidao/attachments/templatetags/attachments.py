"""`{% attachments_for parent user as rows %}`, `{% may_attach %}` and the
admins' scanner warning (`{% attachments_scanner_warning %}`)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.db import models
from django.utils import timezone

from chidao.accounts.models import Role

from .. import parents, selectors, services
from ..filetypes import allowed_types_sentence

register = template.Library()


@register.simple_tag
def attachments_for(parent: models.Model, user: object) -> list:
    return list(selectors.attachments_for(parent, user))  # type: ignore[arg-type]


@register.simple_tag
def may_attach(parent: models.Model, user: object) -> bool:
    return parents.can_attach(user, parent)  # type: ignore[arg-type]


@register.simple_tag
def attachment_rules() -> dict:
    return {
        "allowed": allowed_types_sentence(),
        "max_bytes": settings.ATTACHMENT_MAX_BYTES,
        "accept": ".pdf,.doc,.docx,.xls,.xlsx,.odt,.ods,.jpg,.jpeg,.png,.zip",
    }


@register.inclusion_tag("attachments/_scanner_warning_box.html", takes_context=True)
def attachments_scanner_warning(context: template.Context) -> dict:
    """Admins only: ClamAV down or stale, files stuck waiting for a scan."""
    user = context.get("user")
    is_admin = (
        user is not None
        and user.is_authenticated
        and (user.is_superuser or user.has_role(Role.ADMIN))
    )
    if not is_admin:
        return {"warnings": []}
    return {"warnings": services.scanner_warnings(now=timezone.now())}
