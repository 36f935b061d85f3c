"""The ledger of periodic jobs: one row per (job, day) once it is enqueued."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledRun(models.Model):
    """A periodic job enqueued for a day, so a restarted scheduler skips it."""

    name = models.CharField(_("job"), max_length=100)
    day = models.DateField(_("day"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        # The table it had when it lived in notifications; kept to move no data.
        db_table = "notifications_scheduledrun"
        constraints = [
            models.UniqueConstraint(fields=["name", "day"], name="scheduled_run_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.day:%d/%m/%Y}"


class Heartbeat(models.Model):
    """The last time a kind of process (the worker, the scheduler) showed it runs.

    /healthz reads the worker's: a web node whose jobs are not being run is
    not healthy, however well it answers pages.
    """

    name = models.CharField(_("process"), max_length=50, unique=True)
    beat_at = models.DateTimeField(_("last beat"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.name} {self.beat_at:%d/%m/%Y %H:%M:%S}"
