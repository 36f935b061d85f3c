"""Scheduled reports (Art. 13): the office lead's page, the daily job."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from chidao.accounts.models import Role
from chidao.accounts.tests.factories import UserFactory
from chidao.attachments.models import Attachment
from chidao.notifications.models import Notification
from chidao.reports import schedules
from chidao.reports.models import ReportBuild, ReportSchedule
from chidao.scheduling.schedule import SCHEDULE

URL = reverse("reports:schedules")


@pytest.fixture
def monthly(db, vp_lanhdao, chutich) -> ReportSchedule:
    schedule = ReportSchedule.objects.create(
        frequency="month", day=5, created_by=vp_lanhdao
    )
    schedule.recipients.set([chutich])
    return schedule


def test_office_lead_sets_monthly_to_the_chairman_and_quarterly_to_all_leaders(
    client, db, vp_lanhdao, chutich
):
    client.force_login(vp_lanhdao)
    assert client.get(URL).status_code == 200
    response = client.post(
        URL, {"frequency": "month", "recipients": [chutich.pk], "day": "5"}
    )
    assert response.status_code == 302
    client.post(URL, {"frequency": "quarter", "to_all_leaders": "on", "day": "10"})
    page = client.get(URL).content.decode()
    assert "Hằng tháng" in page and "Hằng quý" in page
    assert "Nguyễn Thanh Bình" in page
    assert list(ReportSchedule.objects.values_list("frequency", "day")) == [
        ("month", 5),
        ("quarter", 10),
    ]


def test_a_schedule_needs_someone_to_send_to(client, db, vp_lanhdao):
    client.force_login(vp_lanhdao)
    response = client.post(URL, {"frequency": "month", "day": "5"})
    assert response.status_code == 422
    assert not ReportSchedule.objects.exists()


@pytest.mark.parametrize("who", ["vp_chuyenvien", "chutich", "stc_lanhdao"])
def test_only_the_office_lead_sets_schedules(client, db, who, request, monthly):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403
    toggle = reverse("reports:schedule_toggle", args=[monthly.pk])
    assert client.post(toggle).status_code == 403
    monthly.refresh_from_db()
    assert monthly.active


def test_pause_and_remove(client, db, vp_lanhdao, monthly):
    client.force_login(vp_lanhdao)
    toggle = reverse("reports:schedule_toggle", args=[monthly.pk])
    client.post(toggle)
    monthly.refresh_from_db()
    assert not monthly.active
    client.post(toggle, {"delete": "1"})
    assert not ReportSchedule.objects.exists()


def test_due_periods():
    schedule = ReportSchedule(frequency="quarter", day=5)
    assert schedules.due_period(schedule, date(2026, 10, 4)) is None
    q3 = schedules.due_period(schedule, date(2026, 10, 5))
    assert (q3.start, q3.end, q3.as_of) == (
        date(2026, 7, 1),
        date(2026, 9, 30),
        date(2026, 10, 4),
    )
    assert schedules.due_period(schedule, date(2026, 11, 5)) is None
    monthly = ReportSchedule(frequency="month", day=5)
    january = schedules.due_period(monthly, date(2027, 2, 5))
    assert (january.start, january.end) == (date(2027, 1, 1), date(2027, 1, 31))
    yearly = ReportSchedule(frequency="year", day=5)
    assert schedules.due_period(yearly, date(2027, 1, 5)).year == 2026


def test_the_job_builds_the_report_and_notifies_once(province, monthly, chutich):
    assert "send_scheduled_reports" in [e.name for e in SCHEDULE]
    made = schedules.send_due(date(2026, 11, 5))
    assert len(made) == 1
    build = made[0]
    assert build.status == ReportBuild.Status.READY
    assert (build.period_start, build.period_end) == (
        date(2026, 10, 1),
        date(2026, 10, 31),
    )
    assert bytes(build.docx)[:2] == b"PK" and bytes(build.xlsx)[:2] == b"PK"
    notice = Notification.objects.get(recipient=chutich)
    assert notice.url == build.get_absolute_url()
    assert "Tháng 10 năm 2026" in notice.title
    # The same day again (a restarted worker): nothing built or sent twice.
    assert schedules.send_due(date(2026, 11, 5)) == []
    assert Notification.objects.filter(recipient=chutich).count() == 1


def test_recipients_open_the_files_others_get_404(client, province, monthly, chutich):
    build = schedules.send_due(date(2026, 11, 5))[0]
    other_leader = UserFactory(roles=[Role.LEADER], agency=chutich.agency)
    files = Attachment.objects.of(build).order_by("pk")
    assert [f.original_name.rsplit(".", 1)[1] for f in files] == ["docx", "xlsx"]
    attached = reverse("attachments:download", args=[files[0].pk])
    client.force_login(chutich)
    download = reverse("reports:build_download", args=[build.pk, "docx"])
    assert client.get(download).status_code == 200
    page = client.get(build.get_absolute_url()).content.decode()
    assert attached in page
    response = client.get(attached)
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else
                    [response.content])[:2] == b"PK"  # fmt: skip
    client.force_login(other_leader)
    assert client.get(download).status_code == 404
    assert client.get(attached).status_code == 404


def test_all_leaders_means_every_active_leader(db, vp_lanhdao, chutich):
    schedule = ReportSchedule.objects.create(
        frequency="quarter", to_all_leaders=True, created_by=vp_lanhdao
    )
    deputy = UserFactory(roles=[Role.LEADER], agency=chutich.agency)
    UserFactory(roles=[Role.LEADER], agency=chutich.agency, is_active=False)
    assert schedules.recipients_of(schedule) == sorted(
        [chutich, deputy], key=lambda u: u.pk
    )
