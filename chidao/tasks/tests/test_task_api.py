"""/api/v1/tasks: visibility, roles, states, stale edits, bad input."""

from collections.abc import Iterator
from datetime import date

import pytest
import time_machine

from chidao.tasks.models import Comment, Task, TaskEvent
from chidao.tasks.tests.factories import (
    DirectiveFactory,
    ProgressReportFactory,
    SectorFactory,
    TaskFactory,
)

S = Task.State


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(date(2026, 11, 28), tick=False):
        yield


@pytest.fixture
def task(stc: object) -> Task:
    return TaskFactory(
        state=S.ACCEPTED, lead_agency=stc, content="Báo cáo tình hình giải ngân"
    )


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/tasks/{pk}",
        "/api/v1/tasks/{pk}/events",
        "/api/v1/tasks/{pk}/comments",
        "/api/v1/tasks/{pk}/reports",
    ],
)
def test_outsider_gets_404_on_the_task_and_everything_of_it(
    token_client: object, snv_chuyenvien: object, task: Task, path: str
) -> None:
    response = token_client(snv_chuyenvien).get(path.format(pk=task.pk))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_outsider_cannot_act_or_comment(
    token_client: object, snv_chuyenvien: object, task: Task
) -> None:
    client = token_client(snv_chuyenvien)
    assert (
        client.post(
            f"/api/v1/tasks/{task.pk}/actions/report", {"text": "x"}
        ).status_code
        == 404
    )
    assert (
        client.post(f"/api/v1/tasks/{task.pk}/comments", {"text": "x"}).status_code
        == 404
    )
    assert not TaskEvent.objects.filter(task=task).exists()


def test_outsider_list_never_shows_other_agencies_tasks(
    token_client: object, snv_chuyenvien: object, task: Task
) -> None:
    listed = (
        token_client(snv_chuyenvien).get("/api/v1/tasks", {"q": "giai ngan"}).json()
    )
    assert listed == {"count": 0, "results": []}


def test_lead_agency_reads_its_task_with_status(
    token_client: object, stc_chuyenvien: object, task: Task
) -> None:
    body = token_client(stc_chuyenvien).get(f"/api/v1/tasks/{task.pk}").json()
    assert body["state"] == "accepted"
    assert body["report_status"] == "on_track"
    assert body["version"] == 1
    assert {"handover_due", "report_due", "deadline"} <= set(body)


def test_visible_but_forbidden_action_is_403(
    token_client: object, vp_chuyenvien: object, task: Task
) -> None:
    response = token_client(vp_chuyenvien).post(
        f"/api/v1/tasks/{task.pk}/actions/report", {"text": "Xong"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_leader_reads_but_may_not_act(
    token_client: object, chutich: object, task: Task
) -> None:
    client = token_client(chutich)
    assert client.get(f"/api/v1/tasks/{task.pk}").status_code == 200
    assert client.post(f"/api/v1/tasks/{task.pk}/actions/confirm").status_code == 403


def test_wrong_state_is_409_with_the_current_state(
    token_client: object, vp_chuyenvien: object, task: Task
) -> None:
    response = token_client(vp_chuyenvien).post(
        f"/api/v1/tasks/{task.pk}/actions/confirm"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "wrong_state"
    assert "Đã tiếp nhận" in response.json()["detail"]


def test_unknown_action_is_404(
    token_client: object, vp_chuyenvien: object, task: Task
) -> None:
    response = token_client(vp_chuyenvien).post(f"/api/v1/tasks/{task.pk}/actions/fly")
    assert response.status_code == 404


def test_stale_patch_is_409_and_the_first_save_is_kept(
    token_client: object, vp_chuyenvien: object, vp_lanhdao: object, stc: object
) -> None:
    task = TaskFactory(state=S.DRAFT, lead_agency=stc, content="Nội dung gốc")
    first = token_client(vp_chuyenvien).patch(
        f"/api/v1/tasks/{task.pk}",
        {"version": 1, "content": "Bản sửa của chuyên viên"},
        format="json",
    )
    assert first.status_code == 200
    assert first.json()["version"] == 2
    second = token_client(vp_lanhdao).patch(
        f"/api/v1/tasks/{task.pk}",
        {"version": 1, "content": "Bản sửa của lãnh đạo"},
        format="json",
    )
    assert second.status_code == 409
    assert second.json()["code"] == "stale"
    task.refresh_from_db()
    assert task.content == "Bản sửa của chuyên viên"
    assert task.events.filter(action="update").count() == 1


def test_patch_records_before_and_after(
    token_client: object, vp_chuyenvien: object, stc: object
) -> None:
    task = TaskFactory(state=S.DRAFT, lead_agency=stc, deadline=date(2026, 12, 15))
    token_client(vp_chuyenvien).patch(
        f"/api/v1/tasks/{task.pk}",
        {"version": 1, "deadline": "2026-12-31"},
        format="json",
    )
    event = task.events.get(action="update")
    assert event.data["changes"]["deadline"] == ["2026-12-15", "2026-12-31"]
    task.refresh_from_db()
    assert task.report_due == date(2027, 1, 8)


def test_patch_without_version_is_422(
    token_client: object, vp_chuyenvien: object, task: Task
) -> None:
    response = token_client(vp_chuyenvien).patch(
        f"/api/v1/tasks/{task.pk}", {"content": "x"}, format="json"
    )
    assert response.status_code == 422
    assert "version" in response.json()["errors"]


def test_agency_may_not_patch(
    token_client: object, stc_lanhdao: object, task: Task
) -> None:
    response = token_client(stc_lanhdao).patch(
        f"/api/v1/tasks/{task.pk}", {"version": 1, "content": "x"}, format="json"
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "deadline_report"}, "deadline"),
        ({"kind": "no_report", "deadline": "2026-12-31"}, "deadline"),
        ({"kind": "periodic_report"}, "period"),
        ({"kind": "deadline_only", "deadline": "2026-10-01"}, "deadline"),
    ],
)
def test_create_refuses_inconsistent_kinds_and_saves_nothing(
    token_client: object, vp_chuyenvien: object, stc: object, body: dict, field: str
) -> None:
    directive = DirectiveFactory(issued_on=date(2026, 11, 2))
    response = token_client(vp_chuyenvien).post(
        "/api/v1/tasks",
        {"directive": directive.pk, "content": "Làm", "lead_agency": stc.pk, **body},
        format="json",
    )
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not Task.objects.exists()


def test_periodic_task_with_sector(
    token_client: object, vp_chuyenvien: object, stc: object
) -> None:
    sector = SectorFactory(name="Tài chính - Ngân sách", code="tai-chinh")
    directive = DirectiveFactory()
    response = token_client(vp_chuyenvien).post(
        "/api/v1/tasks",
        {
            "directive": directive.pk,
            "content": "Báo cáo tình hình thu ngân sách",
            "lead_agency": stc.pk,
            "kind": "periodic_report",
            "period": "quarter",
            "sector": sector.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    # A draft is in no status until the Office hands it over (Art. 5.1g).
    assert response.json()["report_status"] is None
    assert response.json()["sector"] == sector.pk


def test_agency_may_not_create_tasks(
    token_client: object, stc_chuyenvien: object, stc: object
) -> None:
    directive = DirectiveFactory()
    response = token_client(stc_chuyenvien).post(
        "/api/v1/tasks",
        {
            "directive": directive.pk,
            "content": "Làm",
            "lead_agency": stc.pk,
            "kind": "no_report",
        },
        format="json",
    )
    assert response.status_code == 403
    assert not Task.objects.exists()


def test_cooperating_agency_comments_and_reads_the_thread(
    token_client: object, snv_chuyenvien: object, task: Task, snv: object
) -> None:
    task.cooperating_agencies.add(snv)
    client = token_client(snv_chuyenvien)
    posted = client.post(
        f"/api/v1/tasks/{task.pk}/comments",
        {"text": "Sở Nội vụ đã gửi số liệu biên chế."},
        format="json",
    )
    assert posted.status_code == 201
    thread = client.get(f"/api/v1/tasks/{task.pk}/comments").json()
    assert [c["text"] for c in thread] == ["Sở Nội vụ đã gửi số liệu biên chế."]
    assert task.events.get().action == "comment"


def test_empty_comment_is_422(
    token_client: object, stc_chuyenvien: object, task: Task
) -> None:
    response = token_client(stc_chuyenvien).post(
        f"/api/v1/tasks/{task.pk}/comments", {"text": ""}, format="json"
    )
    assert response.status_code == 422
    assert not Comment.objects.exists()


def test_list_filters(
    token_client: object, chutich: object, stc: object, snv: object
) -> None:
    late = TaskFactory(state=S.ACCEPTED, lead_agency=stc, deadline=date(2026, 11, 20))
    TaskFactory(state=S.ACCEPTED, lead_agency=snv, deadline=date(2026, 12, 20))
    client = token_client(chutich)

    def ids(**params: object) -> list[int]:
        return [t["id"] for t in client.get("/api/v1/tasks", params).json()["results"]]

    assert ids(report_status="overdue") == [late.pk]
    assert ids(agency=stc.pk) == [late.pk]
    assert ids(deadline_to="2026-11-30") == [late.pk]
    assert ids(report_status="overdue", as_of="2026-11-15") == []
    assert client.get("/api/v1/tasks", {"state": "nonsense"}).status_code == 422


def test_reports_list(token_client: object, stc_chuyenvien: object, task: Task) -> None:
    ProgressReportFactory(task=task, by=stc_chuyenvien)
    reports = (
        token_client(stc_chuyenvien).get(f"/api/v1/tasks/{task.pk}/reports").json()
    )
    assert len(reports) == 1


def test_sectors_list(token_client: object, stc_chuyenvien: object) -> None:
    SectorFactory(name="Y tế", code="y-te")
    body = token_client(stc_chuyenvien).get("/api/v1/sectors").json()
    assert [s["code"] for s in body] == ["y-te"]


def test_post_report_with_difficulties_and_proposals(
    token_client: object, stc_chuyenvien: object, task: Task
) -> None:
    response = token_client(stc_chuyenvien).post(
        f"/api/v1/tasks/{task.pk}/reports",
        {
            "text": "Đã giải ngân 60%",
            "difficulties": "Vướng giải phóng mặt bằng",
            "proposals": "Đề nghị UBND tỉnh chỉ đạo huyện",
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["difficulties"] == "Vướng giải phóng mặt bằng"
    assert body["proposals"] == "Đề nghị UBND tỉnh chỉ đạo huyện"
    listed = token_client(stc_chuyenvien).get(f"/api/v1/tasks/{task.pk}/reports")
    assert listed.json()[0]["proposals"] == "Đề nghị UBND tỉnh chỉ đạo huyện"
    event = task.events.get(action="report")
    assert event.data["difficulties"] == "Vướng giải phóng mặt bằng"


def test_post_report_fields_are_optional_and_the_action_takes_them_too(
    token_client: object, stc_chuyenvien: object, task: Task
) -> None:
    client = token_client(stc_chuyenvien)
    plain = client.post(
        f"/api/v1/tasks/{task.pk}/reports", {"text": "Đang làm"}, format="json"
    )
    assert plain.status_code == 201
    assert (plain.json()["difficulties"], plain.json()["proposals"]) == ("", "")
    client.post(
        f"/api/v1/tasks/{task.pk}/actions/report",
        {"text": "Tiếp tục", "proposals": "Gia hạn thêm"},
        format="json",
    )
    assert task.reports.latest("at", "id").proposals == "Gia hạn thêm"


def test_post_report_by_outsider_is_404_and_by_office_403(
    token_client: object, snv_chuyenvien: object, vp_chuyenvien: object, task: Task
) -> None:
    url = f"/api/v1/tasks/{task.pk}/reports"
    body = {"text": "x", "difficulties": "y"}
    assert (
        token_client(snv_chuyenvien).post(url, body, format="json").status_code == 404
    )
    assert token_client(vp_chuyenvien).post(url, body, format="json").status_code == 403
    assert not task.reports.exists()


def test_post_report_without_text_is_422(
    token_client: object, stc_chuyenvien: object, task: Task
) -> None:
    response = token_client(stc_chuyenvien).post(
        f"/api/v1/tasks/{task.pk}/reports", {"difficulties": "y"}, format="json"
    )
    assert response.status_code in (400, 422)
    assert "text" in response.json()["errors"]
