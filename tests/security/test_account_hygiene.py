"""Idle accounts are disabled; the admin answers only to allowed networks."""

from datetime import UTC, date, datetime, timedelta

from chidao.accounts.services import disable_idle_accounts


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 2, tzinfo=UTC)


def test_line_24_accounts_idle_more_than_45_days_are_disabled(
    stc_chuyenvien, snv_chuyenvien
):
    today = date(2026, 11, 28)
    stc_chuyenvien.last_login = at(today - timedelta(days=46))
    stc_chuyenvien.save()
    snv_chuyenvien.last_login = at(today - timedelta(days=44))
    snv_chuyenvien.save()

    assert disable_idle_accounts(today=today) == ["stc.chuyenvien"]

    stc_chuyenvien.refresh_from_db()
    snv_chuyenvien.refresh_from_db()
    assert not stc_chuyenvien.is_active
    assert snv_chuyenvien.is_active


def test_line_23_disabled_user_loses_the_session_at_once(client, stc_chuyenvien):
    client.force_login(stc_chuyenvien)
    assert client.get("/tai-khoan/doi-mat-khau/").status_code == 200
    stc_chuyenvien.is_active = False
    stc_chuyenvien.save()
    response = client.get("/tai-khoan/doi-mat-khau/")
    assert response.status_code == 302
    assert "dang-nhap" in response.url


def test_line_26_admin_pages_are_404_outside_the_allowed_networks(client, admin_user):
    from chidao.accounts.tests.factories import verify_mfa

    verify_mfa(client, admin_user)
    assert client.get("/quan-tri/", REMOTE_ADDR="127.0.0.1").status_code == 200
    assert client.get("/quan-tri/", REMOTE_ADDR="203.0.113.9").status_code == 404


def test_line_15_a_one_time_password_stops_working_after_72_hours(stc):
    import io

    import time_machine
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    from chidao.accounts.importing import import_users

    upload = io.BytesIO(
        "ten_dang_nhap,ho_va_ten,ma_co_quan,vai_tro\n"
        "stc.moi,Nguyễn Văn Mới,STC,agency_officer\n".encode()
    )
    start = datetime(2026, 11, 2, 2, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        password = import_users(upload, "a.csv").initial_passwords["stc.moi"]
    request = RequestFactory().post("/tai-khoan/dang-nhap/")
    with time_machine.travel(start + timedelta(hours=71), tick=False):
        assert authenticate(request, username="stc.moi", password=password)
    with time_machine.travel(start + timedelta(hours=73), tick=False):
        assert authenticate(request, username="stc.moi", password=password) is None


def test_line_11_the_admin_unlock_writes_an_audit_event(client, admin_user):
    from axes.models import AccessAttempt

    from chidao.audit.models import AuditEvent

    attempt = AccessAttempt.objects.create(
        username="stc.chuyenvien",
        ip_address="203.0.113.9",
        user_agent="x",
        failures_since_start=5,
    )
    client.force_login(admin_user)
    response = client.post(
        f"/quan-tri/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    event = AuditEvent.objects.get(action="accessattempt.delete")
    assert event.actor == admin_user.username
    assert event.before["username"] == "stc.chuyenvien"
