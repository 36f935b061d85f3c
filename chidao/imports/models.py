"""What the Office brings in: legacy task spreadsheets and documents from QLVB.

`ImportRun` is one spreadsheet being checked (dry run) and imported, with its
progress and report; `ColumnAlias` remembers how an officer mapped a header.
`InboundDocument` is one edXML message received from the document system,
kept until the officer confirms the directive it carries (or a change to one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from chidao.accounts.models import User


class ColumnAlias(models.Model):
    """A spreadsheet header (folded) mapped by an officer: used for later files."""

    header = models.CharField(_("column header"), max_length=200, unique=True)
    # Empty: the column is not imported.
    field = models.CharField(_("imported as"), max_length=32, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mapped by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        ordering = ["header"]

    def __str__(self) -> str:
        return f"{self.header} → {self.field or '—'}"


class ImportRunQuerySet(models.QuerySet["ImportRun"]):
    def visible_to(self, user: User) -> ImportRunQuerySet:
        """The Office's imports; nobody else's business."""
        if getattr(user, "is_authenticated", False) and user.is_office:
            return self.all()
        return self.none()


class ImportRun(models.Model):
    """One spreadsheet of legacy tasks: checked first, then imported whole."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be read")
        CHECKING = "checking", _("Being checked")
        CHECKED = "checked", _("Checked, not imported yet")
        COMMITTING = "committing", _("Being imported")
        COMMITTED = "committed", _("Imported")
        FAILED = "failed", _("Stopped by an error")

    BUSY = frozenset({Status.QUEUED, Status.CHECKING, Status.COMMITTING})

    file_name = models.CharField(_("file name"), max_length=255)
    # The file itself, kept for the commit after the dry run (a few MB at most).
    content = models.BinaryField(editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    size = models.PositiveIntegerField(_("size"))
    rows = models.PositiveIntegerField(_("rows"), default=0)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    # Header (folded) → field chosen for this file, over the remembered ones.
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    # The dry-run (or commit) report: counts, directives, refused rows.
    report = models.JSONField(_("report"), default=dict, blank=True)
    # Import once the check passes (the API's dry_run=false on a large file).
    commit_when_checked = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    committed_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("task import")
        verbose_name_plural = _("task imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("imports:run", args=[self.pk])

    @property
    def is_busy(self) -> bool:
        return self.status in self.BUSY


class InboundDocumentQuerySet(models.QuerySet["InboundDocument"]):
    def visible_to(self, user: User) -> InboundDocumentQuerySet:
        """Messages from the document system are the Office's to review."""
        if getattr(user, "is_authenticated", False) and user.is_office:
            return self.all()
        return self.none()

    def pending(self) -> InboundDocumentQuerySet:
        return self.filter(state=InboundDocument.State.PENDING)


class InboundDocument(models.Model):
    """One edXML message from the document system (QCVN 102:2016)."""

    class Business(models.IntegerChoices):
        # TraceHeaderList/Bussiness/BussinessDocType.
        NEW = 0, _("New document")
        REVOKE = 1, _("Revocation")
        UPDATE = 2, _("Update")
        REPLACE = 3, _("Replacement")

    class Origin(models.TextChoices):
        UPLOAD = "upload", _("Uploaded on the directive page")
        API = "api", _("Sent through the API")
        FOLDER = "folder", _("Picked up from the watched folder")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        CONFIRMED = "confirmed", _("Recorded as a directive")
        APPLIED = "applied", _("Applied to the directive")
        DISMISSED = "dismissed", _("Dismissed")
        REVOKED = "revoked", _("Revoked by its issuer before review")

    document_id = models.CharField(_("DocumentId"), max_length=255, db_index=True)
    sender_code = models.CharField(_("sender's agency code"), max_length=50)
    sender_name = models.CharField(_("sender"), max_length=255, blank=True)
    business = models.PositiveSmallIntegerField(
        _("kind of message"), choices=Business.choices, default=Business.NEW
    )
    origin = models.CharField(_("received"), max_length=8, choices=Origin.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    # The header fields as read (see edxml.Message.header_json).
    header = models.JSONField(_("header"), default=dict)
    # The text of the attached document, read for the proposed tasks.
    source_text = models.TextField(_("text of the document"), blank=True)
    notes = models.JSONField(_("notes"), default=list, blank=True)
    # The directive it became (NEW) or the one it acts on (REVOKE, UPDATE, REPLACE).
    directive = models.ForeignKey(
        "directives.Directive",
        verbose_name=_("directive"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inbound_documents",
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_at = models.DateTimeField(_("received at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = InboundDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document from the document system")
        verbose_name_plural = _("documents from the document system")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.header.get('number') or self.document_id}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("imports:inbound", args=[self.pk])

    def can_attach(self, user: User) -> bool:
        """Only the receipt stores files here, as the receiving officer."""
        return bool(
            getattr(user, "is_authenticated", False)
            and user.is_office
            and self.state == self.State.PENDING
        )

    @property
    def is_pending(self) -> bool:
        return self.state == self.State.PENDING
