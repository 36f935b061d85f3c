"""Files attached to directives, tasks, progress reports and comments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import parents

if TYPE_CHECKING:
    from chidao.accounts.models import User


class AttachmentQuerySet(models.QuerySet["Attachment"]):
    def of(self, parent: models.Model) -> AttachmentQuerySet:
        return self.filter(
            content_type=ContentType.objects.get_for_model(parent),
            object_id=parent.pk,
        )

    def visible_to(self, user: User) -> AttachmentQuerySet:
        """Attachments whose parent the user can see (SECURITY.md 3)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        seen = Q(pk__in=[])
        for model in parents.parent_models().values():
            seen |= Q(
                content_type=ContentType.objects.get_for_model(model),
                object_id__in=parents.visible_parents(model, user).values("pk"),
            )
        return self.filter(seen)

    def servable(self) -> AttachmentQuerySet:
        """Only scanned, clean files with bytes in storage are ever served;
        "not scanned" ones too where no scanner is required (development)."""
        statuses = [Attachment.Status.CLEAN]
        if not settings.ATTACHMENT_SCANNER_REQUIRED:
            statuses.append(Attachment.Status.NOT_SCANNED)
        return self.filter(status__in=statuses).exclude(stored_name="")

    def waiting(self) -> AttachmentQuerySet:
        """Files still in quarantine that a new scan may release."""
        return self.filter(
            status__in=[Attachment.Status.QUARANTINED, Attachment.Status.SCAN_ERROR]
        ).exclude(scanner_report__has_key="hold")


class Attachment(models.Model):
    """One uploaded file, stored under a UUID name, served only once clean."""

    class Status(models.TextChoices):
        QUARANTINED = "quarantined", _("Waiting for scan")
        CLEAN = "clean", _("Clean")
        INFECTED = "infected", _("Infected")
        REJECTED = "rejected", _("Blocked")
        SCAN_ERROR = "scan_error", _("Not scanned yet")
        # No virus scanner in this installation (development only).
        NOT_SCANNED = "not_scanned", _("Not virus-scanned")

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    parent = GenericForeignKey("content_type", "object_id")
    original_name = models.CharField(_("file name"), max_length=255)
    # SECURITY.md 38: a generated name; emptied once refused bytes are deleted.
    stored_name = models.CharField(max_length=255, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    content_type_detected = models.CharField(_("detected type"), max_length=120)
    status = models.CharField(
        _("scan status"),
        max_length=12,
        choices=Status.choices,
        default=Status.QUARANTINED,
        db_index=True,
    )
    reason = models.TextField(_("reason"), blank=True)
    scanned_at = models.DateTimeField(_("scanned at"), null=True, blank=True)
    scanner_report = models.JSONField(_("scanner report"), default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id"], name="attachment_parent_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_clean(self) -> bool:
        return self.status == self.Status.CLEAN

    @property
    def is_servable(self) -> bool:
        """Served to those who see its parent (see `servable()`)."""
        return self.is_clean or (
            self.status == self.Status.NOT_SCANNED
            and not settings.ATTACHMENT_SCANNER_REQUIRED
        )

    @property
    def is_blocked(self) -> bool:
        """Refused for good: infected, rejected, or held for a person to check."""
        return self.status in (self.Status.INFECTED, self.Status.REJECTED) or (
            self.is_held
        )

    @property
    def is_held(self) -> bool:
        return "hold" in self.scanner_report

    @property
    def is_waiting(self) -> bool:
        return not self.is_servable and not self.is_blocked
