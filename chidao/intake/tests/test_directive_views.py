"""The directive pages: one page for a directive and its tasks; hand over all."""

from collections.abc import Iterator
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from chidao.directives.models import Directive
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import DirectiveFactory, TaskFactory


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(date(2026, 11, 28), tick=False):
        yield


def _post_data(stc: object, snv: object, **overrides: str) -> dict:
    data = {
        "classification": "thuong",
        "kind": "cong_van",
        "number": "2345/UBND-KT",
        "issued_on": "25/11/2026",
        "summary": "Về việc đẩy nhanh giải ngân vốn đầu tư công",
        "signer": "Lê Văn Phước",
        "tasks-TOTAL_FORMS": "3",
        "tasks-INITIAL_FORMS": "0",
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "60",
        "tasks-0-content": "Rà soát kế hoạch vốn của các chủ đầu tư",
        "tasks-0-lead_agency": str(stc.pk),
        "tasks-0-kind": "deadline_report",
        "tasks-0-deadline": "2026-12-15",
        "tasks-1-content": "Báo cáo tình hình giải ngân hằng quý",
        "tasks-1-lead_agency": str(snv.pk),
        "tasks-1-cooperating_agencies": [str(stc.pk)],
        "tasks-1-kind": "periodic_report",
        "tasks-1-period": "quarter",
        "tasks-2-kind": "deadline_report",
    }
    data.update(overrides)
    return data


def test_office_records_a_directive_and_its_tasks_on_one_page(
    client: object, vp_chuyenvien: object, stc: object, snv: object
) -> None:
    client.force_login(vp_chuyenvien)
    page = client.get(reverse("directives:create"))
    assert page.status_code == 200
    data = _post_data(stc, snv, **{"tasks-0-tracking_officer": str(vp_chuyenvien.pk)})
    response = client.post(reverse("directives:create"), data, follow=True)
    directive = Directive.objects.get()
    assert response.redirect_chain[-1][0] == directive.get_absolute_url()
    assert "Đã tạo văn bản và 2 nhiệm vụ (dự thảo)." in response.content.decode()
    tasks = list(directive.tasks.order_by("id"))
    assert [t.lead_agency for t in tasks] == [stc, snv]
    assert all(t.state == Task.State.DRAFT for t in tasks)
    assert tasks[0].tracking_officer == vp_chuyenvien
    # Two tasks: 10 working days for the hand-over (Art. 7.1).
    assert directive.handover_due_on == date(2026, 12, 9)


def test_classified_is_refused_next_to_the_field_and_nothing_is_lost(
    client: object, vp_chuyenvien: object, stc: object, snv: object
) -> None:
    client.force_login(vp_chuyenvien)
    response = client.post(
        reverse("directives:create"), _post_data(stc, snv, classification="toi_mat")
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Văn bản mật, tối mật, tuyệt mật không được nhập vào hệ thống" in body
    assert "Về việc đẩy nhanh giải ngân vốn đầu tư công" in body
    assert "Rà soát kế hoạch vốn của các chủ đầu tư" in body
    assert not Directive.objects.exists()
    assert not Task.objects.exists()


def test_duplicate_number_is_shown_on_the_number(
    client: object, vp_chuyenvien: object, stc: object, snv: object
) -> None:
    DirectiveFactory(number="2345/UBND-KT", issued_on=date(2026, 1, 5))
    client.force_login(vp_chuyenvien)
    response = client.post(reverse("directives:create"), _post_data(stc, snv))
    assert response.status_code == 422
    assert "đã được nhập cho năm 2026" in response.content.decode()
    assert Directive.objects.count() == 1


def test_line_51_a_bad_task_row_saves_nothing(
    client: object, vp_chuyenvien: object, stc: object, snv: object
) -> None:
    client.force_login(vp_chuyenvien)
    response = client.post(
        reverse("directives:create"),
        _post_data(stc, snv, **{"tasks-0-deadline": "2026-11-01"}),
    )
    assert response.status_code == 422
    assert "không được trước ngày ban hành" in response.content.decode()
    assert not Directive.objects.exists()


def test_more_rows_without_javascript_keeps_the_input(
    client: object, vp_chuyenvien: object, stc: object, snv: object
) -> None:
    client.force_login(vp_chuyenvien)
    response = client.post(
        reverse("directives:create"), {**_post_data(stc, snv), "add_rows": "1"}
    )
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 6
    assert "Rà soát kế hoạch vốn của các chủ đầu tư" in response.content.decode()
    assert not Directive.objects.exists()


def test_agency_may_not_open_the_new_directive_page(
    client: object, stc_chuyenvien: object
) -> None:
    client.force_login(stc_chuyenvien)
    assert client.get(reverse("directives:create")).status_code == 403


def test_hand_over_all_from_the_directive_page(
    client: object, vp_chuyenvien: object, stc: object, snv: object
) -> None:
    directive = DirectiveFactory()
    for agency in (stc, snv, stc, snv):
        TaskFactory(directive=directive, lead_agency=agency)
    client.force_login(vp_chuyenvien)
    page = client.get(reverse("directives:detail", args=[directive.pk]))
    assert "Chuyển theo dõi" in page.content.decode()
    response = client.post(
        reverse("directives:hand_over", args=[directive.pk]), follow=True
    )
    assert "Đã chuyển theo dõi 4 nhiệm vụ." in response.content.decode()
    assert not directive.tasks.filter(state=Task.State.DRAFT).exists()


def test_hand_over_is_post_only(client: object, vp_chuyenvien: object) -> None:
    directive = DirectiveFactory()
    client.force_login(vp_chuyenvien)
    url = reverse("directives:hand_over", args=[directive.pk])
    assert client.get(url).status_code == 405


def test_outsider_gets_404_on_a_directive(
    client: object, snv_chuyenvien: object, stc: object
) -> None:
    directive = TaskFactory(lead_agency=stc, state=Task.State.ACCEPTED).directive
    client.force_login(snv_chuyenvien)
    assert (
        client.get(reverse("directives:detail", args=[directive.pk])).status_code == 404
    )


def test_lead_agency_sees_the_directive_with_only_its_tasks(
    client: object, stc_chuyenvien: object, stc: object, snv: object
) -> None:
    directive = DirectiveFactory()
    TaskFactory(directive=directive, lead_agency=stc, state=Task.State.ACCEPTED)
    TaskFactory(
        directive=directive,
        lead_agency=snv,
        state=Task.State.ACCEPTED,
        content="Việc riêng của Sở Nội vụ",
    )
    client.force_login(stc_chuyenvien)
    response = client.get(reverse("directives:detail", args=[directive.pk]))
    assert response.status_code == 200
    assert "Việc riêng của Sở Nội vụ" not in response.content.decode()
    assert b"chuyen-theo-doi" not in response.content


def test_list_searches_without_accents(client: object, chutich: object) -> None:
    wanted = DirectiveFactory(summary="Về phòng, chống thiên tai")
    DirectiveFactory(summary="Về cải cách hành chính")
    client.force_login(chutich)
    response = client.get(reverse("directives:list"), {"q": "thien tai"})
    assert list(response.context["page"].object_list) == [wanted]


def test_edit_directive(client: object, vp_chuyenvien: object) -> None:
    directive = DirectiveFactory(number="99/UBND-TH", issued_on=date(2026, 11, 2))
    client.force_login(vp_chuyenvien)
    url = reverse("directives:edit", args=[directive.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "classification": "thuong",
            "kind": "cong_van",
            "number": "99/UBND-TH",
            "issued_on": "2026-11-02",
            "summary": "Trích yếu đã sửa",
        },
    )
    assert response.status_code == 302
    directive.refresh_from_db()
    assert directive.summary == "Trích yếu đã sửa"


def test_one_task_row_is_added_in_place_with_the_count_swapped_beside_it(
    client: object, vp_chuyenvien: object, stc_chuyenvien: object
) -> None:
    client.force_login(vp_chuyenvien)
    url = reverse("directives:task_row")
    row = client.get(url, {"tasks-TOTAL_FORMS": "3"}).content.decode()
    assert 'name="tasks-3-content"' in row and "Nhiệm vụ 4" in row
    assert (
        '<input type="hidden" name="tasks-TOTAL_FORMS" value="4" '
        'id="id_tasks-TOTAL_FORMS" hx-swap-oob="true">' in row
    )
    assert client.get(url, {"tasks-TOTAL_FORMS": "60"}).status_code == 204
    assert client.get(url, {"tasks-TOTAL_FORMS": "x"}).status_code == 204
    client.force_login(stc_chuyenvien)
    assert client.get(url, {"tasks-TOTAL_FORMS": "3"}).status_code == 403


def test_the_form_explains_the_hand_over_limit(
    client: object, vp_chuyenvien: object
) -> None:
    client.force_login(vp_chuyenvien)
    page = client.get(reverse("directives:create")).content.decode()
    assert "Điều 7.1: Văn phòng chuyển theo dõi các nhiệm vụ trong 5 ngày" in page
    assert 'hx-get="/van-ban/tao/dong-nhiem-vu/"' in page


def test_agencies_are_offered_in_groups_with_units_under_their_agency(
    client: object, vp_chuyenvien: object, stc: object, snv: object
) -> None:
    from chidao.agencies.models import Agency
    from chidao.agencies.tests.factories import AgencyFactory

    AgencyFactory(name="Phòng Quản lý ngân sách", kind=Agency.Kind.UNIT, parent=stc)
    client.force_login(vp_chuyenvien)
    page = client.get(reverse("directives:create")).content.decode()
    assert '<optgroup label="Sở, ban, ngành">' in page
    assert '<optgroup label="Đơn vị thuộc Sở Tài chính">' in page
