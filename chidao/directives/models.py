"""Directive documents (văn bản chỉ đạo, điều hành) whose tasks are tracked."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chidao.agencies.models import Agency
from chidao.lib.text import fold
from chidao.lib.urls import id_url

if TYPE_CHECKING:
    from chidao.accounts.models import User

_PUNCTUATION = re.compile(r"[^\w]+")


def search_key(text: str) -> str:
    """Folded text with punctuation as spaces: "phòng, chống" matches "phong chong"."""
    return _PUNCTUATION.sub(" ", fold(text)).strip()


class DirectiveQuerySet(models.QuerySet["Directive"]):
    # Who may see a directive depends on its tasks: see tasks.visibility.

    def search(self, text: str) -> DirectiveQuerySet:
        """Match number, summary or signer without Vietnamese accents."""
        key = search_key(text)
        if not key:
            return self
        return self.filter(search_text__contains=key)


class Directive(models.Model):
    """A non-classified directive document (Art. 5.1 a-b)."""

    class Kind(models.TextChoices):
        QUYET_DINH = "quyet_dinh", pgettext_lazy("directive kind", "Decision")
        CHI_THI = "chi_thi", pgettext_lazy("directive kind", "Directive")
        CONG_VAN = "cong_van", pgettext_lazy("directive kind", "Official letter")
        CONG_DIEN = "cong_dien", pgettext_lazy("directive kind", "Official telegram")
        THONG_BAO = (
            "thong_bao",
            pgettext_lazy("directive kind", "Notice of conclusions"),
        )

    class Source(models.TextChoices):
        PAGE = "page", _("Entered on the directive page")
        API = "api", _("Sent through the API")
        READER = "reader", _("Read from the document's file")
        IMPORT = "import", _("Imported from a spreadsheet")
        EDXML = "edxml", _("Received from the document system (edXML)")

    class DocumentStatus(models.TextChoices):
        # edXML BussinessDocType 1, 2, 3: what the issuer later did to the
        # document in the document system (QCVN 102:2016).
        CURRENT = "", _("In force")
        REVOKED = "revoked", _("Revoked by its issuer")
        UPDATED = "updated", _("Updated by its issuer")
        REPLACED = "replaced", _("Replaced by another document")

    class Classification(models.TextChoices):
        # Art. 5.2: only THUONG may be stored; the others are refused on entry.
        THUONG = "thuong", _("Not classified")
        MAT = "mat", _("Confidential (mật)")
        TOI_MAT = "toi_mat", _("Secret (tối mật)")
        TUYET_MAT = "tuyet_mat", _("Top secret (tuyệt mật)")

    kind = models.CharField(_("kind of document"), max_length=16, choices=Kind.choices)
    number = models.CharField(
        _("number and symbol"),
        max_length=64,
        help_text=_("For example 672/QĐ-UBND."),
    )
    summary = models.TextField(_("summary"))
    issued_on = models.DateField(_("issue date"))
    # Set from issued_on; lets the database refuse a number twice in one year.
    issued_year = models.PositiveSmallIntegerField(editable=False, db_index=True)
    signer = models.CharField(_("signer"), max_length=150, blank=True)
    directing_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("directing leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directed_directives",
    )
    proposing_agency = models.ForeignKey(
        Agency,
        verbose_name=_("proposing agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposed_directives",
    )
    needs_opinions = models.BooleanField(
        _("needs other agencies' opinions"),
        default=False,
        help_text=_("Allows 10 working days for the hand-over (Art. 7.1)."),
    )
    # Art. 7.1, kept by tasks.handover (it counts tasks); stored so lists and
    # reminder jobs can filter on it.
    handover_due_on = models.DateField(_("hand-over due"), null=True, editable=False)
    source = models.CharField(
        _("recorded from"),
        max_length=12,
        choices=Source.choices,
        default=Source.PAGE,
        editable=False,
    )
    # The record it came from in the document system (QLVB, edXML): the
    # DocumentId, opaque (some senders put a UUID there), and the sender's
    # agency code. Status messages sent back name the document by them.
    document_id = models.CharField(
        _("document system reference"),
        max_length=255,
        blank=True,
        default="",
        editable=False,
    )
    sender_code = models.CharField(
        _("sender's agency code"),
        max_length=50,
        blank=True,
        default="",
        editable=False,
    )
    document_status = models.CharField(
        _("status in the document system"),
        max_length=12,
        choices=DocumentStatus.choices,
        blank=True,
        default=DocumentStatus.CURRENT,
        editable=False,
    )
    document_status_at = models.DateTimeField(
        _("status received at"), null=True, blank=True, editable=False
    )
    # Optimistic locking: an edit states the version it read (SECURITY.md 52).
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    search_text = models.TextField(editable=False, default="")

    objects = DirectiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["-issued_on", "-id"]
        indexes = [
            # The list's order, and the report period (tasks of the directives
            # issued in it) reached without reading every task (issue 12).
            models.Index(fields=["-issued_on", "-id"], name="directive_issued_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "issued_year"],
                name="directive_number_unique_per_year",
            ),
            models.UniqueConstraint(
                fields=["document_id"],
                condition=~models.Q(document_id=""),
                name="directive_document_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.summary[:80]}"

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        # Derived columns, kept beside the row they are derived from.
        self.issued_year = self.issued_on.year
        self.search_text = search_key(f"{self.number} {self.summary} {self.signer}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "issued_year",
                "search_text",
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return id_url("directives:detail", self.pk)

    def can_attach(self, user: User) -> bool:
        """Art. 6.1: the Office keeps the directive's record, files included.

        Every agency with a task in the directive sees its files, so an
        agency's own files go on its task or report, never here.
        """
        return bool(getattr(user, "is_authenticated", False) and user.is_office)
