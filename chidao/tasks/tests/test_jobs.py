"""The daily reminders job (đôn đốc): who hears what, once, on working days."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chidao.accounts.models import User
from chidao.agencies.models import Agency
from chidao.notifications.models import Notification
from chidao.tasks.jobs import send_reminders
from chidao.tasks.models import Task
from chidao.tasks.standing import ReportStatus
from chidao.tasks.tests.factories import DirectiveFactory, TaskFactory
from chidao.workdays.calendar import add_working_days

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
# Wednesday 6 May 2026, 08:00 in Vietnam.
TODAY = date(2026, 5, 6)
MORNING = datetime(2026, 5, 6, 8, 0, tzinfo=HCM)


@pytest.fixture(autouse=True)
def addresses(
    stc_lanhdao: User, stc_chuyenvien: User, vp_chuyenvien: User, vp_lanhdao: User
) -> None:
    for user in (stc_lanhdao, stc_chuyenvien, vp_chuyenvien, vp_lanhdao):
        user.email = f"{user.username}@angiang.gov.vn"
        user.save(update_fields=["email"])


def working_task(stc: Agency, tracker: User | None, deadline: date, **kw) -> Task:  # noqa: ANN003
    return TaskFactory(
        lead_agency=stc,
        tracking_officer=tracker,
        deadline=deadline,
        directive=DirectiveFactory(issued_on=date(2026, 3, 2)),
        **{"state": Task.State.ACCEPTED, **kw},
    )


def recipients(key_part: str) -> set[str]:
    return set(
        Notification.objects.filter(key__contains=key_part).values_list(
            "recipient__username", flat=True
        )
    )


def test_overdue_task_is_reminded_once_when_run_twice(
    stc: Agency,
    vp_chuyenvien: User,
    stc_lanhdao: User,
    stc_chuyenvien: User,
    django_capture_on_commit_callbacks,
) -> None:
    task = working_task(stc, vp_chuyenvien, date(2026, 5, 5))
    with time_machine.travel(MORNING, tick=False):
        status = Task.objects.with_standing(TODAY).get(pk=task.pk).report_status
        assert status == ReportStatus.OVERDUE
        # Art. 7.2a: report due 5 working days after the deadline.
        assert task.report_due == date(2026, 5, 12)
        assert task.compute_report_due() == date(2026, 5, 12)
        with django_capture_on_commit_callbacks(execute=True):
            first = send_reminders.enqueue().return_value
            second = send_reminders.enqueue().return_value
    assert first["overdue"] == 1
    assert first["notified"] == 3
    assert second["notified"] == 0
    assert Notification.objects.count() == 3
    assert len(mail.outbox) == 3
    assert recipients(f"remind:{task.pk}:overdue") == {
        "stc.lanhdao",
        "stc.chuyenvien",
        "vp.chuyenvien",
    }
    notice = Notification.objects.filter(recipient=stc_lanhdao).get()
    assert notice.title.startswith("Quá hạn: ")
    assert "1 ngày làm việc" in notice.body
    assert notice.url == f"/nhiem-vu/{task.pk}/"


def test_overdue_repeats_after_five_more_working_days(
    stc: Agency, vp_chuyenvien: User
) -> None:
    task = working_task(stc, vp_chuyenvien, date(2026, 5, 5))
    send_reminders.call(TODAY.isoformat())
    for day in ("2026-05-07", "2026-05-08", "2026-05-11", "2026-05-12"):
        assert send_reminders.call(day)["notified"] == 0
    # 6 working days overdue on 13/5: the weekly repeat.
    send_reminders.call("2026-05-13")
    assert (
        Notification.objects.filter(key__startswith=f"remind:{task.pk}:overdue").count()
        == 6
    )


def test_due_in_three_and_one_working_days_reach_agency_and_tracker(
    stc: Agency, snv: Agency, vp_chuyenvien: User, snv_chuyenvien: User
) -> None:
    in_three = working_task(stc, vp_chuyenvien, add_working_days(TODAY, 3))
    in_one = working_task(stc, vp_chuyenvien, add_working_days(TODAY, 1))
    far = working_task(stc, vp_chuyenvien, add_working_days(TODAY, 4))
    assert in_three.deadline == date(2026, 5, 11)
    result = send_reminders.call(TODAY.isoformat())
    assert result["due_soon"] == 2
    agency_and_tracker = {"stc.lanhdao", "stc.chuyenvien", "vp.chuyenvien"}
    assert recipients(f"remind:{in_three.pk}:before3:2026-05-11") == agency_and_tracker
    assert recipients(f"remind:{in_one.pk}:before1:") == agency_and_tracker
    assert recipients(f"remind:{far.pk}:") == set()
    assert "snv.chuyenvien" not in set(
        Notification.objects.values_list("recipient__username", flat=True)
    )
    title = Notification.objects.filter(key__contains=f"{in_three.pk}:before3").first()
    assert title.title.startswith("Sắp đến hạn: ")
    assert "còn 3 ngày làm việc" in title.body


def test_a_missed_day_still_sends_the_earlier_reminder(
    stc: Agency, vp_chuyenvien: User
) -> None:
    # Due in 2 working days and nothing sent yet: the "3 days before" notice.
    task = working_task(stc, vp_chuyenvien, add_working_days(TODAY, 2))
    send_reminders.call(TODAY.isoformat())
    assert recipients(f"remind:{task.pk}:before3:") == {
        "stc.lanhdao",
        "stc.chuyenvien",
        "vp.chuyenvien",
    }
    # The next day (1 left) the "1 day before" one follows, once.
    assert send_reminders.call("2026-05-07")["notified"] == 3
    assert send_reminders.call("2026-05-07")["notified"] == 0


def test_due_today(stc: Agency, vp_chuyenvien: User) -> None:
    task = working_task(stc, vp_chuyenvien, TODAY)
    assert send_reminders.call(TODAY.isoformat())["due_today"] == 1
    assert len(recipients(f"remind:{task.pk}:today:")) == 3


def test_nothing_on_a_sunday_unless_forced(stc: Agency, vp_chuyenvien: User) -> None:
    working_task(stc, vp_chuyenvien, date(2026, 5, 5))
    sunday = date(2026, 5, 10)
    result = send_reminders.call(sunday.isoformat())
    assert result == {**result, "working_day": False, "notified": 0}
    assert not Notification.objects.exists()
    assert send_reminders.call(sunday.isoformat(), force=True)["notified"] == 3


def test_nothing_on_a_public_holiday() -> None:
    with time_machine.travel(datetime(2026, 4, 30, 8, 0, tzinfo=HCM), tick=False):
        assert send_reminders.enqueue().return_value["working_day"] is False


def test_done_cancelled_and_draft_tasks_are_not_reminded(
    stc: Agency, vp_chuyenvien: User
) -> None:
    for state in (
        Task.State.REPORTED_DONE,
        Task.State.CONFIRMED_DONE,
        Task.State.CANCELLED,
        Task.State.RETURNED,
    ):
        working_task(stc, vp_chuyenvien, date(2026, 5, 5), state=state)
    result = send_reminders.call(TODAY.isoformat())
    assert result["overdue"] == 0
    assert result["late_reports"] == 0
    assert not Notification.objects.filter(key__startswith="remind:").exists()


def test_late_hand_over_reaches_the_office(
    stc: Agency, vp_chuyenvien: User, vp_lanhdao: User
) -> None:
    followed = DirectiveFactory(issued_on=date(2026, 4, 20))
    assert followed.handover_due_on == date(2026, 4, 28)  # 27/4 is a day off
    TaskFactory(directive=followed, lead_agency=stc, tracking_officer=vp_chuyenvien)
    unfollowed = DirectiveFactory(issued_on=date(2026, 4, 20))
    TaskFactory(directive=unfollowed, lead_agency=stc, tracking_officer=None)
    on_time = DirectiveFactory(issued_on=date(2026, 5, 4))
    TaskFactory(directive=on_time, lead_agency=stc, tracking_officer=vp_chuyenvien)
    result = send_reminders.call(TODAY.isoformat())
    assert result["late_handovers"] == 2
    assert recipients(f"late_handover:{followed.pk}") == {"vp.chuyenvien"}
    assert recipients(f"late_handover:{unfollowed.pk}") == {"vp.lanhdao"}
    assert recipients(f"late_handover:{on_time.pk}") == set()
    # Nobody in the lead agency hears of a task not handed over yet.
    assert not Notification.objects.filter(recipient__agency=stc).exists()
    assert send_reminders.call(TODAY.isoformat())["notified"] == 0


def test_late_report_reaches_the_tracking_officer(
    stc: Agency, vp_chuyenvien: User
) -> None:
    task = working_task(stc, vp_chuyenvien, date(2026, 4, 23))
    assert task.report_due == date(2026, 5, 5)
    result = send_reminders.call(TODAY.isoformat())
    assert result["late_reports"] == 1
    assert recipients(f"late_report:{task.pk}:2026-05-05") == {"vp.chuyenvien"}


def test_periodic_report_due_at_quarter_end(stc: Agency, vp_chuyenvien: User) -> None:
    task = TaskFactory(
        lead_agency=stc,
        tracking_officer=vp_chuyenvien,
        kind=Task.Kind.PERIODIC_REPORT,
        period=Task.Period.QUARTER,
        state=Task.State.ACCEPTED,
        directive=DirectiveFactory(issued_on=date(2026, 3, 2)),
    )
    # 30/6/2026 is a Tuesday: 3 working days before is Thursday 25/6.
    assert send_reminders.call("2026-06-24")["period_due"] == 0
    assert send_reminders.call("2026-06-25")["period_due"] == 1
    assert recipients(f"remind:{task.pk}:period:2026-06-30:before3") == {
        "stc.lanhdao",
        "stc.chuyenvien",
        "vp.chuyenvien",
    }


def test_query_count_does_not_grow_with_tasks(
    stc: Agency, snv: Agency, vp_chuyenvien: User, snv_chuyenvien: User
) -> None:
    def run() -> int:
        Notification.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            send_reminders.call(TODAY.isoformat())
        return len(queries)

    working_task(stc, vp_chuyenvien, date(2026, 5, 5))
    working_task(stc, None, add_working_days(TODAY, 1))
    late = DirectiveFactory(issued_on=date(2026, 4, 1))
    TaskFactory(directive=late, lead_agency=stc, tracking_officer=vp_chuyenvien)
    small = run()
    for lead in (stc, snv) * 5:
        working_task(lead, vp_chuyenvien, date(2026, 4, 20))
        working_task(lead, None, add_working_days(TODAY, 3))
        working_task(lead, vp_chuyenvien, TODAY)
        draft = DirectiveFactory(issued_on=date(2026, 4, 1))
        TaskFactory(directive=draft, lead_agency=lead, tracking_officer=vp_chuyenvien)
    assert run() == small


def test_send_reminders_command(stc: Agency, vp_chuyenvien: User) -> None:
    import json
    from io import StringIO

    from django.core.management import call_command

    working_task(stc, vp_chuyenvien, date(2026, 5, 5))
    out = StringIO()
    call_command("send_reminders", "--date", "2026-05-06", stdout=out)
    assert json.loads(out.getvalue())["overdue"] == 1
    out = StringIO()
    call_command("send_reminders", "--date", "2026-05-06", stdout=out)
    assert json.loads(out.getvalue())["notified"] == 0


def test_send_reminders_command_refuses_a_bad_date() -> None:
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", "06/05/2026")
