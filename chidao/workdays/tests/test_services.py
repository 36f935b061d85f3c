"""Admin-entered days: the calendar in force changes at once, listeners hear it."""

from datetime import date

import pytest

from chidao.accounts.models import User
from chidao.lib.errors import NotAllowed, Refused
from chidao.workdays.calendar import WorkCalendar, add_working_days
from chidao.workdays.models import DayKind, DayOverride
from chidao.workdays.services import remove_day_override, set_day_override
from chidao.workdays.signals import calendar_changed

pytestmark = pytest.mark.django_db


def test_make_up_saturday_changes_the_loaded_calendar_at_once(
    admin_user: User,
) -> None:
    assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)
    set_day_override(
        date(2026, 3, 7), kind=DayKind.WORKING_DAY, reason="Làm bù", by=admin_user
    )
    assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 7)
    assert WorkCalendar.load().reason(date(2026, 3, 7)) == "Làm bù"
    remove_day_override(date(2026, 3, 7), by=admin_user)
    assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)


def test_day_off_is_skipped_once_entered(admin_user: User) -> None:
    set_day_override(
        date(2026, 3, 9), kind=DayKind.DAY_OFF, reason="Nghỉ thêm", by=admin_user
    )
    assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 10)


def test_setting_the_same_day_again_updates_it(admin_user: User) -> None:
    set_day_override(date(2026, 3, 9), kind=DayKind.DAY_OFF, reason="A", by=admin_user)
    set_day_override(
        date(2026, 3, 9), kind=DayKind.WORKING_DAY, reason="B", by=admin_user
    )
    row = DayOverride.objects.get()
    assert (row.kind, row.reason, row.created_by) == (
        DayKind.WORKING_DAY,
        "B",
        admin_user,
    )


def test_calendar_changed_is_sent_with_the_day(admin_user: User) -> None:
    heard: list[date] = []

    def receiver(sender: object, day: date, **kwargs: object) -> None:
        heard.append(day)

    calendar_changed.connect(receiver)
    try:
        set_day_override(
            date(2026, 3, 7), kind=DayKind.WORKING_DAY, reason="x", by=admin_user
        )
        remove_day_override(date(2026, 3, 7), by=admin_user)
        remove_day_override(date(2026, 3, 7), by=admin_user)  # nothing left
    finally:
        calendar_changed.disconnect(receiver)
    assert heard == [date(2026, 3, 7), date(2026, 3, 7)]


def test_only_admins_may_change_the_calendar(vp_lanhdao: User) -> None:
    with pytest.raises(NotAllowed):
        set_day_override(
            date(2026, 3, 7), kind=DayKind.WORKING_DAY, reason="x", by=vp_lanhdao
        )
    with pytest.raises(NotAllowed):
        remove_day_override(date(2026, 3, 7), by=vp_lanhdao)
    assert not DayOverride.objects.exists()


def test_reason_and_kind_are_required(admin_user: User) -> None:
    with pytest.raises(Refused):
        set_day_override(
            date(2026, 3, 7), kind=DayKind.WORKING_DAY, reason="  ", by=admin_user
        )
    with pytest.raises(Refused):
        set_day_override(date(2026, 3, 7), kind="holiday", reason="x", by=admin_user)
    assert not DayOverride.objects.exists()


def test_a_rolled_back_change_leaves_no_phantom_day(admin_user: User) -> None:
    from django.db import transaction

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        set_day_override(
            date(2026, 3, 9), kind=DayKind.DAY_OFF, reason="x", by=admin_user
        )
        assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 10)
        raise Boom
    assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)
