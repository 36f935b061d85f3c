"""GET /api/v1/calendar/add and /calendar/days; admin overrides."""

from collections.abc import Callable
from datetime import date

import pytest
from rest_framework.test import APIClient

from chidao.accounts.models import User
from chidao.workdays.models import DayKind, DayOverride
from chidao.workdays.services import set_day_override

pytestmark = pytest.mark.django_db

ADD = "/api/v1/calendar/add"
DAYS = "/api/v1/calendar/days"
OVERRIDES = "/api/v1/calendar/overrides"


def test_add_follows_the_official_2026_calendar(
    token_client: Callable[[User], APIClient], stc_chuyenvien: User
) -> None:
    response = token_client(stc_chuyenvien).get(ADD, {"date": "2026-04-24", "days": 5})
    assert response.status_code == 200
    assert response.json() == {"date": "2026-05-06"}


def test_make_up_day_changes_the_answer_at_once(
    token_client: Callable[[User], APIClient],
    stc_chuyenvien: User,
    admin_user: User,
) -> None:
    client = token_client(stc_chuyenvien)
    assert client.get(ADD, {"date": "2026-03-06", "days": 1}).json() == {
        "date": "2026-03-09"
    }
    set_day_override(
        date(2026, 3, 7), kind=DayKind.WORKING_DAY, reason="Làm bù", by=admin_user
    )
    assert client.get(ADD, {"date": "2026-03-06", "days": 1}).json() == {
        "date": "2026-03-07"
    }


def test_negative_days_count_backwards(
    token_client: Callable[[User], APIClient], stc_chuyenvien: User
) -> None:
    response = token_client(stc_chuyenvien).get(ADD, {"date": "2026-05-04", "days": -1})
    assert response.json() == {"date": "2026-04-29"}


def test_without_token_is_401(api_client: APIClient) -> None:
    assert api_client.get(ADD, {"date": "2026-04-24", "days": 5}).status_code == 401
    assert (
        api_client.get(DAYS, {"from": "2026-04-24", "to": "2026-05-06"}).status_code
        == 401
    )


@pytest.mark.parametrize(
    "params",
    [
        {"date": "24/04/2026", "days": 5},
        {"date": "2026-02-30", "days": 5},
        {"date": "2026-04-24", "days": "five"},
        {"date": "2026-04-24"},
        {"date": "2026-04-24", "days": 100000},
    ],
)
def test_bad_input_is_422(
    token_client: Callable[[User], APIClient], stc_chuyenvien: User, params: dict
) -> None:
    response = token_client(stc_chuyenvien).get(ADD, params)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


def test_days_lists_each_day_with_reason(
    token_client: Callable[[User], APIClient], stc_chuyenvien: User
) -> None:
    response = token_client(stc_chuyenvien).get(
        DAYS, {"from": "2026-04-24", "to": "2026-04-27"}
    )
    assert response.status_code == 200
    assert response.json() == [
        {"date": "2026-04-24", "working": True, "reason": ""},
        {"date": "2026-04-25", "working": False, "reason": "Thứ Bảy"},
        {"date": "2026-04-26", "working": False, "reason": "Ngày Giỗ Tổ Hùng Vương"},
        {
            "date": "2026-04-27",
            "working": False,
            "reason": "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)",
        },
    ]


def test_days_reasons_follow_accept_language(
    token_client: Callable[[User], APIClient], stc_chuyenvien: User
) -> None:
    response = token_client(stc_chuyenvien).get(
        DAYS, {"from": "2026-04-25", "to": "2026-04-25"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.json()[0]["reason"] == "Saturday"


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2026-05-01", "to": "2026-04-01"},
        {"from": "2020-01-01", "to": "2026-01-01"},
        {"from": "2026-13-01", "to": "2026-12-31"},
        {"from": "2026-01-01"},
    ],
)
def test_days_bad_range_is_422_with_translated_message(
    token_client: Callable[[User], APIClient], stc_chuyenvien: User, params: dict
) -> None:
    response = token_client(stc_chuyenvien).get(DAYS, params)
    assert response.status_code == 422
    assert response.json()["detail"] == "Dữ liệu gửi lên không hợp lệ."


def test_admin_enters_and_removes_a_day(
    token_client: Callable[[User], APIClient], admin_user: User
) -> None:
    client = token_client(admin_user)
    response = client.post(
        OVERRIDES,
        {"date": "2026-03-07", "kind": "working_day", "reason": "Làm bù"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json() == {
        "date": "2026-03-07",
        "kind": "working_day",
        "reason": "Làm bù",
    }
    assert client.get(ADD, {"date": "2026-03-06", "days": 1}).json()["date"] == (
        "2026-03-07"
    )
    assert client.delete(f"{OVERRIDES}/2026-03-07").status_code == 204
    assert client.delete(f"{OVERRIDES}/2026-03-07").status_code == 404
    assert client.get(ADD, {"date": "2026-03-06", "days": 1}).json()["date"] == (
        "2026-03-09"
    )


def test_non_admin_may_not_enter_days(
    token_client: Callable[[User], APIClient], vp_lanhdao: User
) -> None:
    response = token_client(vp_lanhdao).post(
        OVERRIDES,
        {"date": "2026-03-07", "kind": "working_day", "reason": "Làm bù"},
        format="json",
    )
    assert response.status_code == 403
    assert not DayOverride.objects.exists()


def test_non_admin_may_not_remove_days(
    token_client: Callable[[User], APIClient], vp_lanhdao: User, admin_user: User
) -> None:
    set_day_override(date(2026, 3, 7), kind="working_day", reason="x", by=admin_user)
    response = token_client(vp_lanhdao).delete(f"{OVERRIDES}/2026-03-07")
    assert response.status_code == 403
    assert DayOverride.objects.exists()


def test_bad_override_is_422_and_nothing_saved(
    token_client: Callable[[User], APIClient], admin_user: User
) -> None:
    response = token_client(admin_user).post(
        OVERRIDES,
        {"date": "2026-03-07", "kind": "holiday", "reason": ""},
        format="json",
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"kind", "reason"}
    assert not DayOverride.objects.exists()
