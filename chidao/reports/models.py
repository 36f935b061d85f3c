"""A periodic report being built for filing (issue 15): its period, the
Office's own proposals, the job's status and the two files once built."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from chidao.accounts.models import User


class ReportBuildQuerySet(models.QuerySet["ReportBuild"]):
    def visible_to(self, user: User) -> ReportBuildQuerySet:
        """The Office's builds to the Office; a leader sees their own and the
        scheduled reports sent to them."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_office:
            return self.all()
        return self.filter(
            models.Q(created_by=user) | models.Q(recipients=user)
        ).distinct()


class ReportBuild(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be built")
        BUILDING = "building", _("Being built")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Stopped by an error")

    BUSY = frozenset({Status.QUEUED, Status.BUILDING})

    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    as_of = models.DateField(_("status as of"))
    # The period's name (quarter, half-year, year, month or a range).
    period_kind = models.CharField(max_length=12, default="range")
    period_year = models.PositiveIntegerField(null=True, blank=True)
    period_n = models.PositiveSmallIntegerField(null=True, blank=True)
    # The task-list filters the report was asked with (one directive, ...).
    filters = models.JSONField(default=dict, blank=True)
    office_proposals = models.TextField(_("the Office's proposals"), blank=True)
    issued_on = models.DateField(_("report date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    docx = models.BinaryField(editable=False, null=True)
    xlsx = models.BinaryField(editable=False, null=True)
    file_stem = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("built at"), null=True, blank=True)
    # A scheduled report (Art. 13): the schedule and the people it went to.
    schedule = models.ForeignKey(
        "ReportSchedule",
        verbose_name=_("schedule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="builds",
    )
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent to"),
        blank=True,
        related_name="+",
    )

    objects = ReportBuildQuerySet.as_manager()

    class Meta:
        verbose_name = _("periodic report build")
        verbose_name_plural = _("periodic report builds")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_stem or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("reports:build", args=[self.pk])

    @property
    def is_busy(self) -> bool:
        return self.status in self.BUSY

    def can_attach(self, user: User) -> bool:
        """Files on a build are its own report, attached for whoever asked."""
        return user.pk == self.created_by_id


class ReportScheduleQuerySet(models.QuerySet["ReportSchedule"]):
    def annotate_last(self) -> ReportScheduleQuerySet:
        """With `last_sent`: when its latest report was built."""
        return self.annotate(last_sent=models.Max("builds__finished_at"))


class ReportSchedule(models.Model):
    """Which periodic report goes to whom, and when (Art. 13), set by the
    office lead: e.g. monthly to the Chairman, quarterly to all leaders.

    On `day` of the month after each period ends, the report of that period
    (as of the day before) is built and sent as a notice linking its files.
    """

    class Frequency(models.TextChoices):
        MONTH = "month", _("Monthly")
        QUARTER = "quarter", _("Quarterly")
        HALF_YEAR = "half_year", _("Every half-year")
        YEAR = "year", _("Yearly")

    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices
    )
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipients"),
        blank=True,
        related_name="+",
    )
    to_all_leaders = models.BooleanField(
        _("to all the committee's leaders"), default=False
    )
    day = models.PositiveSmallIntegerField(
        _("day of the month it is sent"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("set at"), auto_now_add=True)

    objects = ReportScheduleQuerySet.as_manager()

    class Meta:
        verbose_name = _("report schedule")
        verbose_name_plural = _("report schedules")
        ordering = ["frequency", "pk"]

    def __str__(self) -> str:
        return f"{self.get_frequency_display()} ({self.day})"
