"""Sign-in, sign-out, lockout, session limits and the forced password change."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chidao.accounts.tests.factories import PASSWORD

LOGIN = "/tai-khoan/dang-nhap/"
# A page of this app that any signed-in user gets with 200.
PAGE = "/tai-khoan/doi-mat-khau/"


@pytest.fixture(autouse=True)
def _axes_enabled(settings):
    settings.AXES_ENABLED = True


def test_line_22_home_redirects_anonymous_users_to_the_vietnamese_sign_in(client, db):
    response = client.get("/", follow=True)
    assert response.redirect_chain[0][0].startswith(LOGIN)
    content = response.content.decode()
    assert "<h1>Đăng nhập</h1>" in content
    assert 'lang="vi"' in content


def test_line_22_sign_in_then_home_shows_name_and_agency(client, stc_chuyenvien):
    response = client.post(
        LOGIN, {"username": "stc.chuyenvien", "password": PASSWORD}, follow=True
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Đặng Thị Mai" in content
    assert "Sở Tài chính" in content


def test_line_22_session_key_changes_at_sign_in_and_sign_out_ends_it(
    client, stc_chuyenvien
):
    client.get(LOGIN)
    before = client.cookies.get("sessionid")
    client.post(LOGIN, {"username": "stc.chuyenvien", "password": PASSWORD})
    after = client.cookies["sessionid"].value
    assert before is None or before.value != after

    client.post(reverse("accounts:logout"))

    assert client.get(PAGE).status_code == 302


def test_line_12_unknown_user_and_wrong_password_get_the_same_page(
    client, stc_chuyenvien
):
    wrong = client.post(LOGIN, {"username": "stc.chuyenvien", "password": "x"})
    unknown = client.post(LOGIN, {"username": "ghost", "password": "x"})
    assert wrong.status_code == unknown.status_code == 200
    message = "Tên đăng nhập hoặc mật khẩu không đúng."
    assert message in wrong.content.decode()
    assert message in unknown.content.decode()


def test_line_10_fifth_failure_locks_the_account_from_that_address(
    client, stc_chuyenvien
):
    for _ in range(4):
        client.post(LOGIN, {"username": "stc.chuyenvien", "password": "wrong"})
    fifth = client.post(LOGIN, {"username": "stc.chuyenvien", "password": "wrong"})
    assert fifth.status_code == 429

    right = client.post(LOGIN, {"username": "stc.chuyenvien", "password": PASSWORD})
    assert right.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in right.content.decode()


def test_line_10_lockout_ends_after_the_cool_off(client, stc_chuyenvien, settings):
    for _ in range(5):
        client.post(LOGIN, {"username": "stc.chuyenvien", "password": "wrong"})
    with time_machine.travel(
        timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    ):
        right = client.post(LOGIN, {"username": "stc.chuyenvien", "password": PASSWORD})
    assert right.status_code == 302


def test_line_20_idle_session_expires_after_15_minutes(client, stc_chuyenvien):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(stc_chuyenvien)
        assert client.get(PAGE).status_code == 200
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        assert client.get(PAGE).status_code == 200
    with time_machine.travel(start + timedelta(minutes=28), tick=False):
        assert client.get(PAGE).status_code == 200
    with time_machine.travel(start + timedelta(minutes=44), tick=False):
        assert client.get(PAGE).status_code == 302


def test_line_21_session_ends_after_the_absolute_limit(
    client, stc_chuyenvien, settings
):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(stc_chuyenvien)
    step = timedelta(minutes=10)
    moment = start
    limit = start + timedelta(hours=settings.SESSION_ABSOLUTE_HOURS)
    while moment + step < limit:
        moment += step
        with time_machine.travel(moment, tick=False):
            assert client.get(PAGE).status_code == 200
    with time_machine.travel(limit + timedelta(minutes=1), tick=False):
        assert client.get(PAGE).status_code == 302


def test_line_15_new_account_must_change_its_password_first(client, stc_chuyenvien):
    stc_chuyenvien.must_change_password = True
    stc_chuyenvien.save()
    client.force_login(stc_chuyenvien)

    response = client.get("/nhiem-vu/")

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change")


def test_line_16_password_change_requires_the_current_password(client, stc_chuyenvien):
    client.force_login(stc_chuyenvien)
    new = "Mot-Mat-Khau-Rat-Dai-2026!"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 200
    stc_chuyenvien.refresh_from_db()
    assert stc_chuyenvien.check_password(PASSWORD)


def test_line_15_password_change_clears_the_forced_change(client, stc_chuyenvien):
    stc_chuyenvien.must_change_password = True
    stc_chuyenvien.save()
    client.force_login(stc_chuyenvien)
    new = "Mot-Mat-Khau-Rat-Dai-2026!"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    stc_chuyenvien.refresh_from_db()
    assert not stc_chuyenvien.must_change_password
    assert stc_chuyenvien.check_password(new)
    assert client.get(PAGE).status_code == 200


def _session_writes(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PAGE).status_code == 200
    return sum(
        1
        for q in queries.captured_queries
        if q["sql"].startswith('UPDATE "django_session"')
    )


def test_line_20_an_unchanged_session_is_written_at_most_once_a_minute(
    client, stc_chuyenvien
):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(stc_chuyenvien)
        client.get(PAGE)
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        assert _session_writes(client) == 0
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        assert _session_writes(client) == 1
    # The idle limit still counts from the last write: at most a minute early,
    # never late.
    with time_machine.travel(start + timedelta(seconds=61 + 14 * 60), tick=False):
        assert client.get(PAGE).status_code == 200
    with time_machine.travel(start + timedelta(seconds=62 + 29 * 60), tick=False):
        assert client.get(PAGE).status_code == 302
