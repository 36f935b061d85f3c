"""/thong-bao/: the user's own notices, newest first; open and mark read."""

import pytest
from django.test import Client

from chidao.accounts.models import User
from chidao.notifications.models import Notification
from chidao.notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db

URL = "/thong-bao/"


def test_list_shows_own_notices_newest_first_unread_bold(
    client: Client, stc_chuyenvien: User, snv_chuyenvien: User
) -> None:
    NotificationFactory(recipient=stc_chuyenvien, title="Cũ")
    NotificationFactory(recipient=stc_chuyenvien, title="Mới")
    NotificationFactory(recipient=snv_chuyenvien, title="Của người khác")
    client.force_login(stc_chuyenvien)
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Mới") < html.index("Cũ")
    assert "Của người khác" not in html
    assert html.count('class="notice unread"') == 2
    # The bell in the header shows the unread count.
    assert '<span class="badge" aria-hidden="true">2</span>' in html


def test_unread_filter(client: Client, stc_chuyenvien: User) -> None:
    NotificationFactory(recipient=stc_chuyenvien, title="Chưa đọc")
    n = NotificationFactory(recipient=stc_chuyenvien, title="Đã xem")
    Notification.objects.filter(pk=n.pk).update(read_at="2026-01-01T00:00:00Z")
    client.force_login(stc_chuyenvien)
    html = client.get(URL, {"unread": "1"}).content.decode()
    assert "Chưa đọc" in html and "Đã xem" not in html


def test_opening_marks_read_and_goes_to_its_url(
    client: Client, stc_chuyenvien: User
) -> None:
    n = NotificationFactory(recipient=stc_chuyenvien, url="/nhiem-vu/7/")
    client.force_login(stc_chuyenvien)
    response = client.post(f"{URL}{n.pk}/mo/")
    assert response.status_code == 302
    assert response["Location"] == "/nhiem-vu/7/"
    n.refresh_from_db()
    assert n.is_read


def test_opening_never_redirects_off_site(client: Client, stc_chuyenvien: User) -> None:
    n = NotificationFactory(recipient=stc_chuyenvien, url="https://evil.example/")
    client.force_login(stc_chuyenvien)
    assert client.post(f"{URL}{n.pk}/mo/")["Location"] == URL


def test_others_notice_is_404_and_stays_unread(
    client: Client, stc_chuyenvien: User, snv_chuyenvien: User
) -> None:
    n = NotificationFactory(recipient=snv_chuyenvien)
    client.force_login(stc_chuyenvien)
    assert client.post(f"{URL}{n.pk}/mo/").status_code == 404
    assert client.post(f"{URL}{n.pk}/da-doc/").status_code == 404
    assert client.post(f"{URL}999999/da-doc/").status_code == 404
    n.refresh_from_db()
    assert not n.is_read


def test_mark_one_read_with_htmx_returns_the_item(
    client: Client, stc_chuyenvien: User
) -> None:
    n = NotificationFactory(recipient=stc_chuyenvien, title="Một")
    client.force_login(stc_chuyenvien)
    response = client.post(f"{URL}{n.pk}/da-doc/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'class="notice"' in response.content.decode()
    n.refresh_from_db()
    assert n.is_read


def test_mark_all_read(
    client: Client, stc_chuyenvien: User, snv_chuyenvien: User
) -> None:
    NotificationFactory.create_batch(3, recipient=stc_chuyenvien)
    other = NotificationFactory(recipient=snv_chuyenvien)
    client.force_login(stc_chuyenvien)
    assert client.post(f"{URL}da-doc-het/").status_code == 302
    assert not Notification.objects.for_user(stc_chuyenvien).unread().exists()
    other.refresh_from_db()
    assert not other.is_read


def test_changes_need_post(client: Client, stc_chuyenvien: User) -> None:
    n = NotificationFactory(recipient=stc_chuyenvien)
    client.force_login(stc_chuyenvien)
    assert client.get(f"{URL}{n.pk}/mo/").status_code == 405
    assert client.get(f"{URL}da-doc-het/").status_code == 405


def test_changes_need_csrf(stc_chuyenvien: User) -> None:
    n = NotificationFactory(recipient=stc_chuyenvien)
    client = Client(enforce_csrf_checks=True)
    client.force_login(stc_chuyenvien)
    assert client.post(f"{URL}{n.pk}/da-doc/").status_code == 403


def test_list_needs_sign_in(client: Client) -> None:
    assert client.get(URL).status_code == 302


def test_bell_counts_in_one_query(
    client: Client, stc_chuyenvien: User, django_assert_num_queries
) -> None:
    from django.template import Context, Template
    from django.test import RequestFactory

    from chidao.notifications.context_processors import unread_notifications

    NotificationFactory.create_batch(4, recipient=stc_chuyenvien)
    request = RequestFactory().get("/")
    request.user = stc_chuyenvien
    context = unread_notifications(request)
    with django_assert_num_queries(1):
        html = Template('{% include "notifications/_bell.html" %}').render(
            Context(context)
        )
    assert '<span class="badge" aria-hidden="true">4</span>' in html
