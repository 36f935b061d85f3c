"""The queues show what is to be decided, and the inbox decides it (issue 16)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from chidao.tasks.models import Task
from chidao.tasks.tests.factories import (
    DirectiveFactory,
    ExtensionRequestFactory,
    TaskFactory,
    play,
)

S = Task.State
NOON = datetime(2026, 11, 28, 12, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def _section(page: str, key: str) -> str:
    return page.split(f'id="q-{key}"', 1)[1].split("</section>", 1)[0]


def test_the_office_sees_hand_over_limits_return_reasons_and_requests(
    client: object, vp_lanhdao: object, stc: object, stc_chuyenvien: object
) -> None:
    late = TaskFactory(
        lead_agency=stc,
        directive=DirectiveFactory(issued_on=date(2026, 11, 2)),
    )
    returned = play(
        TaskFactory(lead_agency=stc),
        ("hand_over", date(2026, 11, 3)),
        ("return", date(2026, 11, 4), {"reason": "Không thuộc chức năng của Sở."}),
    )
    waiting = TaskFactory(lead_agency=stc, state=S.ACCEPTED, deadline=date(2099, 1, 1))
    ExtensionRequestFactory(
        task=waiting,
        requested_by=stc_chuyenvien,
        new_deadline=date(2099, 2, 1),
        reason="Chờ ý kiến của Bộ Tài chính.",
    )
    client.force_login(vp_lanhdao)
    with time_machine.travel(NOON, tick=False):
        page = client.get(reverse("tasks:my_work")).content.decode()
    handover = _section(page, "handover")
    due = late.directive.handover_due_on.strftime("%d/%m/%Y")
    assert f"Hạn chuyển theo dõi {due}" in handover
    assert "quá hạn chuyển theo dõi" in handover
    assert "Đang thực hiện trong hạn" not in handover
    assert "Không thuộc chức năng của Sở." in _section(page, "returned")
    assert returned.state == S.RETURNED
    extensions = _section(page, "extensions")
    assert "Đề nghị đến:</strong> 01/02/2099" in extensions
    assert "Chờ ý kiến của Bộ Tài chính." in extensions


def test_the_edit_page_of_a_returned_task_says_why_it_came_back(
    client: object, vp_chuyenvien: object, stc: object, stc_chuyenvien: object
) -> None:
    task = play(
        TaskFactory(lead_agency=stc),
        ("hand_over", date(2026, 11, 3)),
        ("return", date(2026, 11, 4), {"reason": "Thời hạn quá ngắn."}),
        ("revise", date(2026, 11, 5)),
    )
    client.force_login(vp_chuyenvien)
    page = client.get(reverse("tasks:edit", args=[task.pk])).content.decode()
    assert "Cơ quan chủ trì đã trả lại, với lý do" in page
    assert "Thời hạn quá ngắn." in page


def test_the_agency_accepts_from_its_inbox_and_stays_there(
    client: object, stc_chuyenvien: object, stc: object, snv_chuyenvien: object
) -> None:
    new = TaskFactory(lead_agency=stc, state=S.HANDED_OVER, deadline=date(2099, 1, 1))
    client.force_login(stc_chuyenvien)
    inbox = reverse("tasks:inbox")
    page = client.get(inbox).content.decode()
    assert f'action="{reverse("tasks:action", args=[new.pk, "accept"])}"' in page
    answer = client.post(
        reverse("tasks:action", args=[new.pk, "accept"]),
        {"accept-version": new.version, "next": inbox},
    )
    assert answer.status_code == 302 and answer["Location"] == inbox
    new.refresh_from_db()
    assert new.state == S.ACCEPTED
    # Another site is never where the answer goes.
    other = TaskFactory(lead_agency=stc, state=S.HANDED_OVER)
    answer = client.post(
        reverse("tasks:action", args=[other.pk, "accept"]),
        {"accept-version": other.version, "next": "https://example.com/"},
    )
    assert answer["Location"] == other.get_absolute_url()
    # An agency that is not the lead cannot accept it from anywhere: 404.
    third = TaskFactory(lead_agency=stc, state=S.HANDED_OVER)
    client.force_login(snv_chuyenvien)
    answer = client.post(
        reverse("tasks:action", args=[third.pk, "accept"]),
        {"accept-version": third.version, "next": inbox},
    )
    assert answer.status_code == 404
    third.refresh_from_db()
    assert third.state == S.HANDED_OVER


def test_handing_over_a_directive_asks_how_many_go_to_whom(
    client: object, vp_chuyenvien: object, stc: object, snv: object
) -> None:
    directive = DirectiveFactory()
    TaskFactory(directive=directive, lead_agency=stc)
    TaskFactory(directive=directive, lead_agency=stc)
    TaskFactory(directive=directive, lead_agency=snv)
    client.force_login(vp_chuyenvien)
    page = client.get(directive.get_absolute_url()).content.decode()
    assert (
        'data-confirm="Chuyển theo dõi 3 nhiệm vụ cho: Sở TC (2), Sở NV (1)?"' in page
    )


def test_the_lead_grants_another_date_than_asked(
    client: object, vp_lanhdao: object, stc: object, stc_chuyenvien: object
) -> None:
    task = TaskFactory(lead_agency=stc, state=S.ACCEPTED, deadline=date(2099, 1, 1))
    ExtensionRequestFactory(
        task=task, requested_by=stc_chuyenvien, new_deadline=date(2099, 3, 1)
    )
    client.force_login(vp_lanhdao)
    url = reverse("tasks:action", args=[task.pk, "approve_extension"])
    too_early = client.post(
        url,
        {
            "approve_extension-version": task.version,
            "approve_extension-new_deadline": "01/01/2099",
        },
    )
    assert too_early.status_code == 422
    task.refresh_from_db()
    assert task.deadline == date(2099, 1, 1)
    client.post(
        url,
        {
            "approve_extension-version": task.version,
            "approve_extension-new_deadline": "15/02/2099",
        },
    )
    task.refresh_from_db()
    assert task.deadline == date(2099, 2, 15)
    event = task.events.order_by("-id").first()
    assert event.data["granted_deadline"] == "2099-02-15"
    assert event.data["new_deadline"] == "2099-03-01"


def test_bulk_hand_over_asks_first_then_hands_over_each(
    client: object, vp_chuyenvien: object, stc: object, snv: object
) -> None:
    a = TaskFactory(lead_agency=stc)
    b = TaskFactory(lead_agency=snv)
    accepted = TaskFactory(lead_agency=stc, state=S.ACCEPTED)
    client.force_login(vp_chuyenvien)
    page = client.get(reverse("tasks:my_work")).content.decode()
    assert f'value="{a.pk}" form="bulk-handover"' in page
    url = reverse("tasks:bulk", args=["hand_over"])
    ask = client.post(url, {"task": [a.pk, b.pk, accepted.pk]})
    assert ask.status_code == 200
    text = ask.content.decode()
    assert "Chuyển theo dõi: 2 nhiệm vụ, cho:" in text
    assert "<strong>Sở TC</strong>: 1" in text and "<strong>Sở NV</strong>: 1" in text
    assert "1 nhiệm vụ đã chọn không thể" in text
    a.refresh_from_db()
    assert a.state == S.DRAFT  # nothing before the confirmation
    done = client.post(url, {"task": [a.pk, b.pk], "confirmed": "1"}, follow=True)
    assert "Chuyển theo dõi: đã thực hiện cho 2 nhiệm vụ." in done.content.decode()
    assert {t.state for t in Task.objects.filter(pk__in=[a.pk, b.pk])} == {
        S.HANDED_OVER
    }


def test_bulk_accept_is_for_the_agency_and_its_own_tasks(
    client: object, stc_chuyenvien: object, stc: object, snv: object
) -> None:
    mine = TaskFactory(lead_agency=stc, state=S.HANDED_OVER)
    theirs = TaskFactory(lead_agency=snv, state=S.HANDED_OVER)
    client.force_login(stc_chuyenvien)
    url = reverse("tasks:bulk", args=["accept"])
    assert client.post(url, {"task": [mine.pk, theirs.pk]}).status_code == 404
    assert client.post(url, {"task": ["x"]}).status_code == 404
    client.post(url, {"task": [mine.pk], "confirmed": "1"})
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.state, theirs.state) == (S.ACCEPTED, S.HANDED_OVER)
    assert client.post(reverse("tasks:bulk", args=["cancel"])).status_code == 404
