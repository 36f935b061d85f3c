"""Leaders' directions (ý kiến chỉ đạo, Art. 9.1c) on tasks and directives."""

import pytest
from django.urls import reverse
from django.utils import translation

from chidao.lib.errors import InvalidInput, NotAllowed
from chidao.notifications.models import Notification
from chidao.tasks import directions, workflow
from chidao.tasks.models import Direction, Task
from chidao.tasks.tests.factories import DirectiveFactory, TaskFactory

S = Task.State
TEXT = "Sở Tài chính khẩn trương hoàn thành, báo cáo trước ngày 15/12."


@pytest.fixture
def task(stc, snv, vp_chuyenvien, chutich):  # noqa: ANN001, ANN201
    directive = DirectiveFactory(directing_leader=chutich)
    return TaskFactory(
        directive=directive,
        state=S.ACCEPTED,
        lead_agency=stc,
        cooperating_agencies=[snv],
        tracking_officer=vp_chuyenvien,
    )


def test_a_leader_directs_and_everyone_working_on_it_hears(
    task, chutich, stc_chuyenvien, stc_lanhdao, snv_chuyenvien, vp_chuyenvien
) -> None:  # noqa: ANN001
    # The leader works in English; the recipients read the site's language
    # (`notifications.language_of`), not the leader's.
    with translation.override("en"):
        workflow.perform(task, "direct", by=chutich, data={"text": TEXT})
    direction = Direction.objects.get()
    assert (direction.task, direction.leader, direction.by) == (task, chutich, chutich)
    assert not direction.on_behalf
    event = task.events.get(action="direct")
    assert event.note == TEXT and event.data["direction"] == direction.pk
    heard = dict(Notification.objects.values_list("recipient__username", "title"))
    assert set(heard) == {
        "stc.chuyenvien",
        "stc.lanhdao",
        "snv.chuyenvien",
        "vp.chuyenvien",
    }
    assert heard["stc.lanhdao"] == (
        f"Ý kiến chỉ đạo của Nguyễn Thanh Bình về {task.directive.number}"
    )


def test_two_directions_are_two_notices(task, chutich, stc_chuyenvien) -> None:  # noqa: ANN001
    workflow.perform(task, "direct", by=chutich, data={"text": TEXT})
    workflow.perform(task, "direct", by=chutich, data={"text": "Báo cáo ngay."})
    assert Notification.objects.filter(recipient=stc_chuyenvien).count() == 2


def test_the_office_lead_writes_it_on_behalf_of_the_directing_leader(
    task, vp_lanhdao, chutich
) -> None:  # noqa: ANN001
    workflow.perform(task, "direct", by=vp_lanhdao, data={"text": TEXT})
    direction = Direction.objects.get()
    assert direction.leader == chutich and direction.by == vp_lanhdao
    assert direction.on_behalf


def test_on_behalf_of_needs_a_leader(task, vp_lanhdao, vp_chuyenvien) -> None:  # noqa: ANN001
    task.directive.directing_leader = None
    task.directive.save()
    with pytest.raises(InvalidInput):
        workflow.perform(task, "direct", by=vp_lanhdao, data={"text": TEXT})
    with pytest.raises(InvalidInput):
        workflow.perform(
            task,
            "direct",
            by=vp_lanhdao,
            data={"text": TEXT, "on_behalf_of": vp_chuyenvien},
        )
    assert not Direction.objects.exists()


def test_agencies_and_tracking_officers_do_not_direct(
    task, stc_lanhdao, vp_chuyenvien
) -> None:  # noqa: ANN001
    for user in (stc_lanhdao, vp_chuyenvien):
        with pytest.raises(NotAllowed):
            workflow.perform(task, "direct", by=user, data={"text": TEXT})


def test_a_leader_may_comment(task, chutich) -> None:  # noqa: ANN001
    workflow.perform(task, "comment", by=chutich, data={"text": "Đề nghị làm rõ."})
    assert task.comments.get().by == chutich


def test_the_task_page_shows_it_and_a_leader_gives_it_there(
    client, task, chutich
) -> None:  # noqa: ANN001
    client.force_login(chutich)
    page = client.get(task.get_absolute_url()).content.decode()
    assert "Ý kiến chỉ đạo" in page and 'name="direct-on_behalf_of"' not in page
    response = client.post(
        reverse("tasks:action", args=[task.pk, "direct"]),
        {"direct-text": TEXT, "direct-version": task.version},
        follow=True,
    )
    page = response.content.decode()
    assert "Đã gửi ý kiến chỉ đạo." in page
    assert TEXT in page


def test_the_office_lead_page_marks_on_behalf(client, task, vp_lanhdao) -> None:  # noqa: ANN001
    client.force_login(vp_lanhdao)
    assert (
        'name="direct-on_behalf_of"'
        in client.get(task.get_absolute_url()).content.decode()
    )
    workflow.perform(task, "direct", by=vp_lanhdao, data={"text": TEXT})
    page = client.get(task.get_absolute_url()).content.decode()
    assert "thay mặt Nguyễn Thanh Bình" in page


def test_the_agency_inbox_shows_directions(
    client, task, chutich, stc_chuyenvien
) -> None:  # noqa: ANN001
    workflow.perform(task, "direct", by=chutich, data={"text": TEXT})
    client.force_login(stc_chuyenvien)
    page = client.get(reverse("tasks:inbox")).content.decode()
    assert TEXT in page and "Nguyễn Thanh Bình" in page


def test_an_outsider_agency_sees_none(client, task, chutich, stc_unit_lead) -> None:  # noqa: ANN001
    workflow.perform(task, "direct", by=chutich, data={"text": TEXT})
    client.force_login(stc_unit_lead)
    assert TEXT not in client.get(reverse("tasks:inbox")).content.decode()
    assert client.get(task.get_absolute_url()).status_code == 404


def test_a_direction_on_the_whole_directive(
    client, task, chutich, stc_chuyenvien, snv_chuyenvien
) -> None:  # noqa: ANN001
    draft = TaskFactory(directive=task.directive, lead_agency=task.lead_agency)
    client.force_login(chutich)
    response = client.post(
        reverse("directives:direct", args=[task.directive.pk]),
        {"direct-text": TEXT},
        follow=True,
    )
    assert "Đã gửi ý kiến chỉ đạo." in response.content.decode()
    direction = Direction.objects.get()
    assert direction.task is None
    # On the timeline of the handed-over task, not of the draft.
    assert task.events.filter(action="direct").count() == 1
    assert not draft.events.filter(action="direct").exists()
    assert Notification.objects.filter(recipient=snv_chuyenvien).count() == 1
    assert list(directions.of_task(task)) == [direction]
    client.force_login(stc_chuyenvien)
    page = client.get(task.directive.get_absolute_url()).content.decode()
    assert TEXT in page and "toàn bộ văn bản" in page


def test_an_agency_cannot_direct_a_directive(client, task, stc_lanhdao) -> None:  # noqa: ANN001
    client.force_login(stc_lanhdao)
    url = reverse("directives:direct", args=[task.directive.pk])
    assert client.post(url, {"direct-text": TEXT}).status_code == 403
    assert not Direction.objects.exists()


# -- API -----------------------------------------------------------------------


def _url(task: Task) -> str:
    return f"/api/v1/tasks/{task.pk}/directions"


def test_api_post_201_and_list(token_client, task, chutich, vp_lanhdao) -> None:  # noqa: ANN001
    response = token_client(chutich).post(_url(task), {"text": TEXT}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["text"] == TEXT and body["leader"] == chutich.pk
    assert body["on_behalf"] is False and body["task"] == task.pk
    response = token_client(vp_lanhdao).post(
        _url(task), {"text": "Lần 2", "on_behalf_of": chutich.pk}, format="json"
    )
    assert response.status_code == 201 and response.json()["on_behalf"] is True
    listed = token_client(vp_lanhdao).get(_url(task)).json()
    assert [d["text"] for d in listed] == ["Lần 2", TEXT]


def test_api_agency_403_outsider_404(
    token_client, task, stc_lanhdao, stc_unit_lead
) -> None:  # noqa: ANN001
    response = token_client(stc_lanhdao).post(_url(task), {"text": TEXT}, format="json")
    assert response.status_code == 403
    outsider = stc_unit_lead  # a unit of the lead agency sees not its parent's task
    assert token_client(outsider).post(_url(task), {"text": TEXT}).status_code == 404
    assert token_client(outsider).get(_url(task)).status_code == 404
    assert not Direction.objects.exists()


def test_api_empty_text_422(token_client, task, chutich) -> None:  # noqa: ANN001
    response = token_client(chutich).post(_url(task), {"text": ""}, format="json")
    assert response.status_code in (400, 422)


# -- asking for direction (xin ý kiến, Art. 9.1c) -------------------------------

QUESTION = "Sở Tài chính và Sở Nội vụ có ý kiến khác nhau về cơ quan chủ trì."


def test_the_office_asks_the_directing_leader_and_the_direction_answers(
    task, vp_chuyenvien, chutich, stc_chuyenvien
) -> None:  # noqa: ANN001
    with translation.override("en"):
        workflow.perform(
            task, "ask_direction", by=vp_chuyenvien, data={"question": QUESTION}
        )
    asked = task.direction_requests.get()
    assert (asked.leader, asked.asked_by, asked.answer) == (
        chutich,
        vp_chuyenvien,
        None,
    )
    notice = Notification.objects.get(recipient=chutich)
    assert notice.title.startswith(
        f"Văn phòng xin ý kiến chỉ đạo của đồng chí: {task.directive.number}"
    )
    assert notice.body == QUESTION
    assert task.events.get(action="ask_direction").note == QUESTION
    # One question at a time.
    assert "ask_direction" not in workflow.allowed_actions(task, vp_chuyenvien)
    assert list(directions.awaiting(chutich)) == [asked]
    workflow.perform(task, "direct", by=chutich, data={"text": TEXT})
    asked.refresh_from_db()
    assert asked.answer == Direction.objects.get() and asked.answered_at
    assert not directions.awaiting(chutich).exists()
    assert task.events.get(action="direct").data["answers"] == asked.pk
    assert "ask_direction" in workflow.allowed_actions(task, vp_chuyenvien)


def test_a_returned_task_can_be_put_to_the_leaders(stc, vp_chuyenvien, chutich) -> None:  # noqa: ANN001
    returned = TaskFactory(
        directive=DirectiveFactory(directing_leader=chutich),
        state=S.RETURNED,
        lead_agency=stc,
    )
    workflow.perform(
        returned, "ask_direction", by=vp_chuyenvien, data={"question": QUESTION}
    )
    assert returned.direction_requests.get().leader == chutich


def test_asking_needs_a_leader_and_a_question(task, vp_chuyenvien, vp_lanhdao) -> None:  # noqa: ANN001
    with pytest.raises(InvalidInput) as refused:
        workflow.perform(
            task,
            "ask_direction",
            by=vp_chuyenvien,
            data={"question": "", "leader": vp_lanhdao},
        )
    assert set(refused.value.errors) == {"question", "leader"}


def test_agencies_and_leaders_do_not_ask(task, stc_lanhdao, chutich) -> None:  # noqa: ANN001
    for user in (stc_lanhdao, chutich):
        with pytest.raises(NotAllowed):
            workflow.perform(
                task, "ask_direction", by=user, data={"question": QUESTION}
            )


def test_the_leaders_queue_lists_questions_with_their_age(
    client, task, vp_chuyenvien, chutich, stc_lanhdao
) -> None:  # noqa: ANN001
    from chidao.tasks.tests.factories import noon
    from chidao.workdays.calendar import add_working_days

    asked_on = add_working_days(task.directive.issued_on, 1)
    workflow.perform(
        task,
        "ask_direction",
        by=vp_chuyenvien,
        data={"question": QUESTION},
        at=noon(asked_on),
    )
    client.force_login(chutich)
    response = client.get(reverse("tasks:awaiting_direction"))
    page = response.content.decode()
    assert QUESTION in page and "Chờ ý kiến chỉ đạo" in page
    from django.utils import timezone

    age = directions.with_age(
        list(directions.awaiting(chutich)), timezone.localdate(), None
    )[0].age
    assert age > 0 and f"{age} ngày làm việc" in page
    # The task page says it awaits the leader's direction.
    page = client.get(task.get_absolute_url()).content.decode()
    assert "Chờ ý kiến chỉ đạo của Nguyễn Thanh Bình" in page
    client.force_login(stc_lanhdao)
    assert client.get(reverse("tasks:awaiting_direction")).status_code == 403


def test_the_question_from_the_task_page(client, task, vp_chuyenvien, chutich) -> None:  # noqa: ANN001
    client.force_login(vp_chuyenvien)
    response = client.post(
        reverse("tasks:action", args=[task.pk, "ask_direction"]),
        {
            "ask_direction-question": QUESTION,
            "ask_direction-leader": chutich.pk,
            "ask_direction-version": task.version,
        },
        follow=True,
    )
    assert "Đã xin ý kiến chỉ đạo của lãnh đạo." in response.content.decode()
    assert task.direction_requests.get().leader == chutich


def test_an_outsider_cannot_ask(client, task, stc_unit_lead) -> None:  # noqa: ANN001
    client.force_login(stc_unit_lead)
    url = reverse("tasks:action", args=[task.pk, "ask_direction"])
    assert client.post(url, {"ask_direction-question": QUESTION}).status_code == 404


# -- urging (Đôn đốc, Art. 9.1a) -----------------------------------------------

URGE = "Đề nghị Sở Tài chính báo cáo kết quả trước ngày 10/12."


def test_the_office_urges_the_lead_agency(
    task, vp_chuyenvien, stc_chuyenvien, stc_lanhdao, snv_chuyenvien
) -> None:  # noqa: ANN001
    version = task.version
    with translation.override("en"):
        workflow.perform(task, "urge", by=vp_chuyenvien, data={"message": URGE})
        workflow.perform(task, "urge", by=vp_chuyenvien, data={})
    task.refresh_from_db()
    assert task.version == version and task.state == S.ACCEPTED
    events = list(task.events.filter(action="urge").order_by("id"))
    assert [e.data["count"] for e in events] == [1, 2] and events[0].note == URGE
    notices = Notification.objects.filter(recipient=stc_chuyenvien).order_by("id")
    assert [n.body for n in notices][0] == URGE
    assert notices[0].title.startswith(f"Đôn đốc nhiệm vụ của {task.directive.number}")
    assert notices[1].body.startswith("Văn phòng đôn đốc thực hiện và báo cáo")
    assert Notification.objects.filter(recipient=stc_lanhdao).count() == 2
    assert not Notification.objects.filter(recipient=snv_chuyenvien).exists()


def test_a_leader_urges_too(task, chutich) -> None:  # noqa: ANN001
    workflow.perform(task, "urge", by=chutich, data={})
    assert task.events.get(action="urge").actor == chutich


@pytest.mark.parametrize("state", [S.DRAFT, S.RETURNED, S.REPORTED_DONE, S.CANCELLED])
def test_only_open_tasks_handed_over_are_urged(stc, vp_chuyenvien, state) -> None:  # noqa: ANN001
    from chidao.lib.errors import WrongState

    closed = TaskFactory(state=state, lead_agency=stc)
    with pytest.raises(WrongState):
        workflow.perform(closed, "urge", by=vp_chuyenvien, data={})


def test_agencies_do_not_urge(task, stc_lanhdao, snv_chuyenvien) -> None:  # noqa: ANN001
    for user in (stc_lanhdao, snv_chuyenvien):
        with pytest.raises(NotAllowed):
            workflow.perform(task, "urge", by=user, data={})


def test_the_task_page_shows_how_many_times_and_when(
    client, task, vp_chuyenvien
) -> None:  # noqa: ANN001
    client.force_login(vp_chuyenvien)
    response = client.post(
        reverse("tasks:action", args=[task.pk, "urge"]),
        {"urge-message": URGE, "urge-version": task.version},
        follow=True,
    )
    page = response.content.decode()
    assert "Đã đôn đốc cơ quan chủ trì." in page
    assert "Đã đôn đốc 1 lần" in page and URGE in page


def test_bulk_urge_asks_first_then_urges_each(
    client, task, stc, vp_chuyenvien, stc_chuyenvien
) -> None:  # noqa: ANN001
    other = TaskFactory(state=S.HANDED_OVER, lead_agency=stc)
    done = TaskFactory(state=S.CONFIRMED_DONE, lead_agency=stc)
    client.force_login(vp_chuyenvien)
    listing = client.get(reverse("tasks:list")).content.decode()
    assert 'form="urge-form"' in listing
    url = reverse("tasks:urge_many")
    ids = [task.pk, other.pk, done.pk]
    asked = client.post(url, {"task": ids, "message": URGE, "next": "/nhiem-vu/"})
    page = asked.content.decode()
    assert (
        asked.status_code == 200 and "Đôn đốc cơ quan chủ trì của 2 nhiệm vụ?" in page
    )
    assert not Notification.objects.exists()  # nothing until confirmed
    done_page = client.post(
        url,
        {"task": ids, "message": URGE, "next": "/nhiem-vu/", "confirmed": "1"},
        follow=True,
    )
    page = done_page.content.decode()
    assert "Đã đôn đốc 2 nhiệm vụ." in page and "1 nhiệm vụ không được đôn đốc" in page
    assert Notification.objects.filter(recipient=stc_chuyenvien).count() == 2
    assert not done.events.filter(action="urge").exists()


def test_bulk_urge_is_for_the_office_and_skips_what_one_cannot_see(
    client, task, stc_lanhdao, vp_chuyenvien
) -> None:  # noqa: ANN001
    url = reverse("tasks:urge_many")
    client.force_login(stc_lanhdao)
    assert 'form="urge-form"' not in client.get(reverse("tasks:list")).content.decode()
    assert client.post(url, {"task": [task.pk], "confirmed": "1"}).status_code == 403
    assert not task.events.filter(action="urge").exists()


def test_api_urge_agency_403_outsider_404(
    token_client, task, vp_chuyenvien, stc_lanhdao, stc_unit_lead
) -> None:  # noqa: ANN001
    url = f"/api/v1/tasks/{task.pk}/actions/urge"
    assert token_client(stc_lanhdao).post(url, {}, format="json").status_code == 403
    assert token_client(stc_unit_lead).post(url, {}, format="json").status_code == 404
    response = token_client(vp_chuyenvien).post(url, {"message": URGE}, format="json")
    assert response.status_code == 200
    assert task.events.get(action="urge").note == URGE


def test_each_recipient_reads_their_own_language(
    task, chutich, vp_chuyenvien, stc_chuyenvien, stc_lanhdao
) -> None:  # noqa: ANN001
    stc_lanhdao.language = "en"
    stc_lanhdao.save(update_fields=["language"])
    workflow.perform(task, "direct", by=chutich, data={"text": TEXT})
    workflow.perform(task, "urge", by=vp_chuyenvien, data={})
    english = list(
        Notification.objects.filter(recipient=stc_lanhdao)
        .order_by("id")
        .values_list("title", flat=True)
    )
    number = task.directive.number
    assert english[0] == f"Direction from Nguyễn Thanh Bình on {number}"
    assert english[1].startswith(f"Urged: task of {number}")
    assert Notification.objects.filter(
        recipient=stc_chuyenvien, title__startswith=f"Đôn đốc nhiệm vụ của {number}"
    ).exists()
