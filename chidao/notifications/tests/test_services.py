"""notify(): once per (recipient, key), e-mail for new notices only."""

from unittest import mock

import pytest
from django.core import mail

from chidao.accounts.models import User
from chidao.lib.errors import NotAllowed
from chidao.notifications.models import Notification
from chidao.notifications.services import (
    Notice,
    deliver,
    mark_all_read,
    mark_read,
    notify,
)
from chidao.notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def emails(stc_lanhdao: User, stc_chuyenvien: User) -> None:
    for user in (stc_lanhdao, stc_chuyenvien):
        user.email = f"{user.username}@angiang.gov.vn"
        user.save(update_fields=["email"])


def test_notify_creates_one_notice_each_and_emails_after_commit(
    stc_lanhdao: User, stc_chuyenvien: User, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        count = notify(
            [stc_lanhdao, stc_chuyenvien, stc_lanhdao],
            title="Sắp đến hạn",
            body="Nhiệm vụ X",
            url="/nhiem-vu/1/",
            key="k1",
        )
    assert count == 2
    assert Notification.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [stc_lanhdao.email, stc_chuyenvien.email]
    )
    assert "http://127.0.0.1:8000/nhiem-vu/1/" in mail.outbox[0].body
    assert mail.outbox[0].subject == "[ChiDao] Sắp đến hạn"
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


def test_same_key_twice_notifies_once(
    stc_lanhdao: User, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert notify([stc_lanhdao], title="A", key="k") == 1
        assert notify([stc_lanhdao], title="A", key="k") == 0
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_concurrent_insert_of_the_same_key_is_ignored(stc_lanhdao: User) -> None:
    # Another worker's row arrives between the check and the insert: the
    # unique constraint keeps one row and this call reports nothing new.
    NotificationFactory(recipient=stc_lanhdao, key="k")
    with mock.patch("chidao.notifications.services._existing", return_value=set()):
        assert deliver([Notice(stc_lanhdao, title="A", key="k")], email=False) == 0
    assert Notification.objects.filter(key="k").count() == 1


def test_notices_without_key_are_always_created(stc_lanhdao: User) -> None:
    assert notify([stc_lanhdao], title="A", email=False) == 1
    assert notify([stc_lanhdao], title="A", email=False) == 1
    assert Notification.objects.count() == 2


def test_inactive_users_and_users_without_email(
    stc_lanhdao: User, stc_chuyenvien: User, django_capture_on_commit_callbacks
) -> None:
    stc_lanhdao.is_active = False
    stc_lanhdao.save()
    stc_chuyenvien.email = ""
    stc_chuyenvien.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert notify([stc_lanhdao, stc_chuyenvien], title="A", key="k") == 1
    assert mail.outbox == []
    assert Notification.objects.get().recipient == stc_chuyenvien


def test_email_false_sends_no_mail(
    stc_lanhdao: User, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notify([stc_lanhdao], title="A", email=False)
    assert mail.outbox == []


def test_deliver_uses_a_fixed_number_of_queries(
    stc_lanhdao: User,
    stc_chuyenvien: User,
    vp_chuyenvien: User,
    django_assert_max_num_queries,
) -> None:
    users = [stc_lanhdao, stc_chuyenvien, vp_chuyenvien]
    notices = [Notice(u, title=f"T{i}", key=f"k{i}") for i in range(30) for u in users]
    with django_assert_max_num_queries(4):
        assert deliver(notices, email=False) == 90


def test_mark_read_only_own(stc_lanhdao: User, stc_chuyenvien: User) -> None:
    notice = NotificationFactory(recipient=stc_lanhdao)
    with pytest.raises(NotAllowed):
        mark_read(notice, by=stc_chuyenvien)
    assert mark_read(notice, by=stc_lanhdao).is_read


def test_mark_all_read(stc_lanhdao: User, stc_chuyenvien: User) -> None:
    NotificationFactory.create_batch(3, recipient=stc_lanhdao)
    other = NotificationFactory(recipient=stc_chuyenvien)
    assert mark_all_read(by=stc_lanhdao) == 3
    other.refresh_from_db()
    assert not other.is_read
