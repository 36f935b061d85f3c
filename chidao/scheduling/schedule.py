"""The periodic jobs of every app, and the local hour each one runs at.

This app sits above the others (docs/ARCHITECTURE.md): it only names their
jobs, so each app keeps its own work and none knows of the scheduler.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.conf import settings

from chidao.accounts.jobs import disable_idle_accounts_job
from chidao.attachments.jobs import (
    remove_orphan_files,
    rescan_quarantined,
    verify_stored_files,
)
from chidao.imports.jobs import receive_from_inbox
from chidao.reports.jobs import send_scheduled_reports
from chidao.tasks.jobs import keep_standing_counts, send_reminders

from .jobs import prune_task_results


@dataclass(frozen=True)
class Entry:
    name: str
    hour: Callable[[], int]
    enqueue: Callable[[date], object]


def _at(hour: int) -> Callable[[], int]:
    return lambda: hour


SCHEDULE: list[Entry] = [
    # Housekeeping at night: first the day's standing counts (issue 12).
    Entry("keep_standing_counts", _at(0), lambda day: keep_standing_counts.enqueue()),
    Entry("rescan_quarantined", _at(1), lambda day: rescan_quarantined.enqueue()),
    Entry("verify_stored_files", _at(2), lambda day: verify_stored_files.enqueue()),
    Entry("remove_orphan_files", _at(2), lambda day: remove_orphan_files.enqueue()),
    Entry(
        "disable_idle_accounts", _at(3), lambda day: disable_idle_accounts_job.enqueue()
    ),
    Entry("prune_task_results", _at(4), lambda day: prune_task_results.enqueue()),
    # Reminders (đôn đốc) in office hours.
    Entry(
        "send_reminders",
        lambda: settings.REMINDER_HOUR,
        lambda day: send_reminders.enqueue(day.isoformat()),
    ),
    # Art. 13: the periodic reports the office lead set to be sent.
    Entry(
        "send_scheduled_reports",
        lambda: settings.REPORT_SCHEDULE_HOUR,
        lambda day: send_scheduled_reports.enqueue(day.isoformat()),
    ),
]

# The document system's outbox (edXML), each office hour, when one is set.
if settings.EDXML_INBOX:
    SCHEDULE += [
        Entry(
            f"receive_edxml_{hour:02d}",
            _at(hour),
            lambda day: receive_from_inbox.enqueue(),
        )
        for hour in settings.EDXML_INBOX_HOURS
    ]
