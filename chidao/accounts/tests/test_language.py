"""A user's language choice is kept: their notices are written in it, and it
follows them when they sign in elsewhere."""

from datetime import date

from django.urls import reverse

from chidao.accounts.tests.factories import PASSWORD
from chidao.notifications.models import Notification
from chidao.tasks import workflow
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import TaskFactory, noon


def test_switching_the_language_keeps_the_choice(client, vp_chuyenvien) -> None:
    client.force_login(vp_chuyenvien)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    vp_chuyenvien.refresh_from_db()
    assert vp_chuyenvien.language == "en"
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    vp_chuyenvien.refresh_from_db()
    assert vp_chuyenvien.language == "en"


def test_notices_are_written_in_each_recipients_language(
    stc, stc_chuyenvien, stc_lanhdao, vp_chuyenvien
) -> None:
    # The Office's officer reads English; the agency's people read Vietnamese.
    stc_lanhdao.language = "en"
    stc_lanhdao.save(update_fields=["language"])
    task = TaskFactory(
        state=Task.State.DRAFT, lead_agency=stc, tracking_officer=vp_chuyenvien
    )
    workflow.perform(task, "hand_over", by=vp_chuyenvien, at=noon(date(2026, 11, 2)))
    english = Notification.objects.get(recipient=stc_lanhdao).title
    vietnamese = Notification.objects.get(recipient=stc_chuyenvien).title
    assert english.startswith("New task handed over")
    assert vietnamese.startswith("Nhiệm vụ mới")


def test_the_choice_follows_the_user_to_another_computer(client, stc_chuyenvien):
    stc_chuyenvien.language = "en"
    stc_chuyenvien.save(update_fields=["language"])
    response = client.post(
        reverse("accounts:login"),
        {"username": stc_chuyenvien.username, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
