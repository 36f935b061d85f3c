"""Background jobs (Django's Tasks API). In this app "task" means Task, so the
decorator is imported as `job`. Jobs stay thin: parse arguments, call a service.
"""

from datetime import date

from django.utils import timezone
from django_tasks import task as job

from . import reach, reminders, rollup


@job()
def send_reminders(today_iso: str | None = None, force: bool = False) -> dict:
    """Daily reminders (đôn đốc) as of `today_iso` (default: today, local time)."""
    today = date.fromisoformat(today_iso) if today_iso else timezone.localdate()
    return reminders.send_reminders(today, force=force).as_dict()


@job()
def keep_standing_counts() -> dict:
    """Nightly: move the standing counts to today, then check them against the
    history, and the reach rows against the tasks; either is rebuilt (and
    logged as an error) if it ever disagrees."""
    return {**rollup.keep(timezone.localdate()), "reach": reach.keep()}
