"""run_scheduler enqueues each periodic job once a day at its hour."""

from datetime import date, datetime
from io import StringIO
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from chidao.scheduling.models import ScheduledRun
from chidao.scheduling.schedule import Entry
from chidao.scheduling.services import claim_run, tick

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def run_once(at: datetime) -> str:
    out = StringIO()
    with time_machine.travel(at, tick=False):
        call_command("run_scheduler", "--once", stdout=out)
    return out.getvalue()


def test_nothing_before_the_hour(settings: object) -> None:
    settings.REMINDER_HOUR = 7
    assert "send_reminders" not in run_once(datetime(2026, 5, 6, 6, 59, tzinfo=HCM))
    assert not ScheduledRun.objects.filter(name="send_reminders").exists()


def test_enqueues_once_per_day_across_restarts(settings: object) -> None:
    settings.REMINDER_HOUR = 7
    with mock.patch("chidao.scheduling.schedule.send_reminders") as job:
        job.enqueue.return_value.id = "r1"
        assert "enqueued" in run_once(datetime(2026, 5, 6, 7, 0, tzinfo=HCM))
        assert run_once(datetime(2026, 5, 6, 7, 1, tzinfo=HCM)) == ""
        assert run_once(datetime(2026, 5, 6, 16, 0, tzinfo=HCM)) == ""
        assert "send_reminders enqueued" in run_once(
            datetime(2026, 5, 7, 7, 30, tzinfo=HCM)
        )
    assert [c.args for c in job.enqueue.call_args_list] == [
        ("2026-05-06",),
        ("2026-05-07",),
    ]
    assert ScheduledRun.objects.filter(name="send_reminders").count() == 2


def test_the_hour_is_local_time(settings: object) -> None:
    settings.REMINDER_HOUR = 7
    # 00:30 UTC is 07:30 in Vietnam.
    utc = ZoneInfo("UTC")
    with mock.patch("chidao.scheduling.schedule.send_reminders") as job:
        assert "send_reminders" in tick(datetime(2026, 5, 6, 0, 30, tzinfo=utc))
    job.enqueue.assert_called_once_with("2026-05-06")


def test_runs_the_job_through_the_tasks_backend(settings: object) -> None:
    # Test settings use the immediate backend: the job runs at once.
    settings.REMINDER_HOUR = 7
    with time_machine.travel(datetime(2026, 5, 6, 8, 0, tzinfo=HCM), tick=False):
        enqueued = tick(datetime(2026, 5, 6, 8, 0, tzinfo=HCM))
    assert "send_reminders" in enqueued
    assert set(ScheduledRun.objects.values_list("name", flat=True)) == {
        "send_reminders",
        # Issue 12: the standing counts, moved to the day and checked.
        "keep_standing_counts",
        "rescan_quarantined",
        "verify_stored_files",
        "remove_orphan_files",
        "disable_idle_accounts",
        "prune_task_results",
        # Art. 13 (issue 15): at REPORT_SCHEDULE_HOUR, 7 by default.
        "send_scheduled_reports",
    }


def test_nightly_housekeeping_runs_once_a_day() -> None:
    first, second = mock.Mock(), mock.Mock()
    with mock.patch(
        "chidao.scheduling.services.SCHEDULE",
        [
            Entry("rescan_quarantined", lambda: 1, first),
            Entry("verify_stored_files", lambda: 2, second),
        ],
    ):
        run_once(datetime(2026, 5, 6, 1, 30, tzinfo=HCM))
        run_once(datetime(2026, 5, 6, 3, 0, tzinfo=HCM))
        run_once(datetime(2026, 5, 6, 23, 0, tzinfo=HCM))
    assert first.call_count == 1
    assert second.call_count == 1


def test_claim_run_once_per_day() -> None:
    assert claim_run("send_reminders", date(2026, 5, 6))
    assert not claim_run("send_reminders", date(2026, 5, 6))
    assert claim_run("send_reminders", date(2026, 5, 7))
    assert ScheduledRun.objects.count() == 2
