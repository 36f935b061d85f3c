"""The year view (/lich/) and admins' entry of days from it."""

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from chidao.accounts.models import User
from chidao.workdays.models import DayKind, DayOverride
from chidao.workdays.services import set_day_override

pytestmark = pytest.mark.django_db

URL = "/lich/"


def test_year_view_shows_the_2026_holidays(
    client: Client, stc_chuyenvien: User
) -> None:
    client.force_login(stc_chuyenvien)
    response = client.get(URL, {"year": "2026"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)" in html
    assert "27/04/2026" in html and "30/04/2026" in html and "01/05/2026" in html
    assert 'datetime="2026-04-27"' in html
    assert "?year=2025" in html and "?year=2027" in html
    # Not an admin: no entry form.
    assert "override_set" not in html and 'name="reason"' not in html


def test_year_view_needs_sign_in(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302


def test_bad_year_falls_back_to_this_year(client: Client, stc_chuyenvien: User) -> None:
    client.force_login(stc_chuyenvien)
    response = client.get(URL, {"year": "abc"})
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year


def test_make_up_day_appears_at_once(
    client: Client, stc_chuyenvien: User, admin_user: User
) -> None:
    set_day_override(
        date(2026, 3, 7),
        kind=DayKind.WORKING_DAY,
        reason="Làm bù theo thông báo",
        by=admin_user,
    )
    client.force_login(stc_chuyenvien)
    html = client.get(URL, {"year": "2026"}).content.decode()
    assert "07/03/2026" in html and "Làm bù theo thông báo" in html


def test_admin_enters_a_day_with_a_vietnamese_date(
    client: Client, admin_user: User
) -> None:
    client.force_login(admin_user)
    assert 'name="reason"' in client.get(URL).content.decode()
    response = client.post(
        "/lich/ngay/them/",
        {"day": "07/03/2026", "kind": "working_day", "reason": "Làm bù"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/lich/?year=2026"
    row = DayOverride.objects.get()
    assert (row.day, row.kind, row.created_by) == (
        date(2026, 3, 7),
        "working_day",
        admin_user,
    )


def test_admin_removes_a_day(client: Client, admin_user: User) -> None:
    set_day_override(date(2026, 3, 7), kind="working_day", reason="x", by=admin_user)
    client.force_login(admin_user)
    response = client.post("/lich/ngay/xoa/", {"day": "2026-03-07"})
    assert response.status_code == 302
    assert not DayOverride.objects.exists()


def test_bad_entry_is_422_and_keeps_the_input(client: Client, admin_user: User) -> None:
    client.force_login(admin_user)
    response = client.post(
        "/lich/ngay/them/", {"day": "31/02/2026", "kind": "day_off", "reason": "Nghỉ"}
    )
    assert response.status_code == 422
    assert 'value="Nghỉ"' in response.content.decode()
    assert not DayOverride.objects.exists()


def test_others_may_not_enter_or_remove_days(
    client: Client, vp_lanhdao: User, admin_user: User
) -> None:
    set_day_override(date(2026, 3, 9), kind="day_off", reason="x", by=admin_user)
    client.force_login(vp_lanhdao)
    response = client.post(
        "/lich/ngay/them/", {"day": "07/03/2026", "kind": "day_off", "reason": "x"}
    )
    assert response.status_code == 403
    assert client.post("/lich/ngay/xoa/", {"day": "2026-03-09"}).status_code == 403
    assert list(DayOverride.objects.values_list("day", flat=True)) == [date(2026, 3, 9)]


def test_get_on_a_change_is_405(client: Client, admin_user: User) -> None:
    client.force_login(admin_user)
    assert client.get("/lich/ngay/them/").status_code == 405
