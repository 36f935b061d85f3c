"""Background jobs of the reports (Django's Tasks API; "task" means Task here)."""

from __future__ import annotations

from django_tasks import task as job

from .models import ReportBuild


@job()
def build_periodic_report(build_id: int) -> str:
    from . import builds

    build = ReportBuild.objects.select_related("created_by").get(pk=build_id)
    return builds.run(build).status


@job()
def send_scheduled_reports(day_iso: str) -> int:
    """Art. 13: the scheduled reports due on the day (`schedules.send_due`)."""
    from datetime import date

    from . import schedules

    return len(schedules.send_due(date.fromisoformat(day_iso)))
