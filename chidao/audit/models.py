"""The audit trail: who changed rights or records, when, and what (SECURITY.md 46, 48).

Rows are only ever added. PostgreSQL refuses UPDATE and DELETE on the table
(a trigger, migration 0002); on every database each row carries the hash of
the one before it, so `manage.py verify_audit` finds a changed or removed row.
The actor is kept by id and name, not as a foreign key: a deleted account
must not change or remove the record of what it did.
"""

import hashlib
import json

from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.lib.errors import DomainError


class AppendOnly(DomainError):
    status = 409
    code = "append_only"
    default_message = _("The audit trail cannot be changed.")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: object) -> int:
        raise AppendOnly

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(_("sequence"), unique=True, editable=False)
    at = models.DateTimeField(_("at"), db_index=True, editable=False)
    actor_id = models.BigIntegerField(_("actor id"), null=True, editable=False)
    actor = models.CharField(_("actor"), max_length=150, blank=True, editable=False)
    action = models.CharField(_("action"), max_length=64, db_index=True, editable=False)
    object_type = models.CharField(_("object type"), max_length=100, editable=False)
    object_id = models.CharField(
        _("object id"), max_length=64, blank=True, editable=False
    )
    object_repr = models.CharField(
        _("object"), max_length=200, blank=True, editable=False
    )
    before = models.JSONField(_("before"), default=dict, blank=True, editable=False)
    after = models.JSONField(_("after"), default=dict, blank=True, editable=False)
    request_id = models.CharField(
        _("request id"), max_length=64, blank=True, editable=False
    )
    ip = models.CharField(_("address"), max_length=45, blank=True, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["seq"]
        permissions = [("view_audit_trail", _("Can read the audit trail"))]

    def __str__(self) -> str:
        return f"{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise AppendOnly
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnly

    def content(self) -> dict:
        """What the hash covers: every field but the hash itself."""
        return {
            "seq": self.seq,
            "at": self.at.isoformat(),
            "actor_id": self.actor_id,
            "actor": self.actor,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "before": self.before,
            "after": self.after,
            "request_id": self.request_id,
            "ip": self.ip,
            "prev_hash": self.prev_hash,
        }

    def compute_hash(self) -> str:
        canonical = json.dumps(
            self.content(), sort_keys=True, ensure_ascii=False, default=str
        )
        return hashlib.sha256(canonical.encode()).hexdigest()
