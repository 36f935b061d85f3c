"""Directive documents (văn bản chỉ đạo, điều hành) whose tasks are tracked."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chidao.agencies.models import Agency
from chidao.lib.text import fold
from chidao.workdays.calendar import add_working_days

if TYPE_CHECKING:
    from chidao.accounts.models import User
    from chidao.workdays.calendar import WorkCalendar

_PUNCTUATION = re.compile(r"[^\w]+")


def search_key(text: str) -> str:
    """Folded text with punctuation as spaces: "phòng, chống" matches "phong chong"."""
    return _PUNCTUATION.sub(" ", fold(text)).strip()


# Art. 7.1: hand-over within 5 working days of issue, 10 for large directives.
HANDOVER_DAYS = 5
HANDOVER_DAYS_LARGE = 10


class DirectiveQuerySet(models.QuerySet["Directive"]):
    def visible_to(self, user: User) -> DirectiveQuerySet:
        """All for office staff, leaders and admins; else those with a visible task."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.reads_all:
            return self.all()
        # Looked up lazily: tasks sits below directives and must not be imported.
        task_model = apps.get_model("tasks", "Task")
        visible = task_model.objects.visible_to(user).filter(directive=OuterRef("pk"))
        return self.filter(Exists(visible))

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
    # Art. 7.1, stored so lists and reminder jobs can filter on it.
    handover_due_on = models.DateField(_("hand-over due"), null=True, editable=False)
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
        constraints = [
            models.UniqueConstraint(
                fields=["number", "issued_year"],
                name="directive_number_unique_per_year",
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
        from django.urls import reverse

        return reverse("directives:detail", args=[self.pk])

    def can_attach(self, user: User) -> bool:
        """Art. 6.1: the Office keeps the directive's record, files included.

        Every agency with a task in the directive sees its files, so an
        agency's own files go on its task or report, never here.
        """
        return bool(getattr(user, "is_authenticated", False) and user.is_office)

    @property
    def is_large(self) -> bool:
        """Art. 7.1: many tasks, many agencies, or others' opinions needed."""
        if self.needs_opinions:
            return True
        tasks = self.tasks.exclude(parent__isnull=False)
        if tasks.count() > 1:
            return True
        leads = set(tasks.values_list("lead_agency_id", flat=True))
        helpers = set(
            tasks.filter(cooperating_agencies__isnull=False).values_list(
                "cooperating_agencies", flat=True
            )
        )
        return len(leads | helpers) > 1

    def handover_due(self, calendar: WorkCalendar | None = None) -> date:
        """Art. 7.1: the last day the Office may hand this directive's tasks over."""
        days = HANDOVER_DAYS_LARGE if self.is_large else HANDOVER_DAYS
        return add_working_days(self.issued_on, days, calendar)
