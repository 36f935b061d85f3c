"""Jobs of the scheduling machinery itself: heartbeat and queue pruning."""

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task as job  # "task" means a Task in this project

from .heartbeat import WORKER, record_beat

DB_BACKEND = "django_tasks_db.DatabaseBackend"


@job()
def worker_heartbeat() -> None:
    """Run by whichever worker takes it: the worker is alive."""
    record_beat(WORKER, now=timezone.now())


@job()
def prune_task_results() -> None:
    """Drop finished job rows (a heartbeat a minute adds up); failed kept 30 days."""
    if settings.TASKS["default"]["BACKEND"] != DB_BACKEND:
        return
    call_command(
        "prune_db_task_results",
        "--min-age-days",
        str(settings.TASK_RESULTS_KEEP_DAYS),
        "--failed-min-age-days",
        str(max(30, settings.TASK_RESULTS_KEEP_DAYS)),
        verbosity=0,
    )
