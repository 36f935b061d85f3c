"""API.md's walk through the whole workflow, as one scenario over HTTP."""

from datetime import date

import pytest
import time_machine
from knox.models import AuthToken
from rest_framework.test import APIClient

from chidao.tasks.models import Task


def _client(user: object) -> APIClient:
    client = APIClient()
    _instance, token = AuthToken.objects.create(user)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.mark.django_db
def test_the_api_walk_of_api_md(
    vp_chuyenvien: object,
    stc_chuyenvien: object,
    snv_chuyenvien: object,
    stc: object,
    snv: object,
) -> None:
    office, agency = _client(vp_chuyenvien), _client(stc_chuyenvien)

    with time_machine.travel(date(2026, 11, 2), tick=False):
        created = office.post(
            "/api/v1/directives",
            {
                "kind": "cong_van",
                "number": "1234/UBND-KT",
                "summary": "Về việc lập dự toán ngân sách năm 2027",
                "issued_on": "2026-11-02",
                "signer": "Nguyễn Thanh Bình",
            },
            format="json",
        )
        assert created.status_code == 201, created.json()
        directive = created.json()["id"]
        assert created.json()["handover_due"] == "2026-11-09"

        ids = []
        for content, deadline in (
            ("Lập dự toán thu chi ngân sách năm 2027", "2026-11-20"),
            ("Rà soát biên chế các đơn vị sự nghiệp", "2026-11-27"),
        ):
            response = office.post(
                "/api/v1/tasks",
                {
                    "directive": directive,
                    "content": content,
                    "lead_agency": stc.pk,
                    "cooperating_agencies": [snv.pk],
                    "tracking_officer": vp_chuyenvien.pk,
                    "kind": "deadline_report",
                    "deadline": deadline,
                },
                format="json",
            )
            assert response.status_code == 201, response.json()
            assert response.json()["state"] == "draft"
            ids.append(response.json()["id"])
        first, second = ids
        # Two tasks: Art. 7.1 allows 10 working days for the hand-over.
        detail = office.get(f"/api/v1/tasks/{first}").json()
        assert detail["handover_due"] == "2026-11-16"
        # 24/11 is Vietnamese Culture Day (a public holiday from 2026).
        assert detail["report_due"] == "2026-11-30"

        assert office.post(f"/api/v1/directives/{directive}/hand_over").json() == {
            "handed_over": 2
        }

    with time_machine.travel(date(2026, 11, 3), tick=False):
        accepted = agency.post(f"/api/v1/tasks/{first}/actions/accept")
        assert accepted.status_code == 200
        assert accepted.json()["state"] == "accepted"

        no_reason = agency.post(f"/api/v1/tasks/{second}/actions/return", {})
        assert no_reason.status_code == 422
        assert "reason" in no_reason.json()["errors"]
        returned = agency.post(
            f"/api/v1/tasks/{second}/actions/return",
            {"reason": "Biên chế thuộc chức năng của Sở Nội vụ."},
            format="json",
        )
        assert returned.json()["state"] == "returned"

        again = agency.post(f"/api/v1/tasks/{second}/actions/accept")
        assert again.status_code == 409
        assert again.json()["code"] == "wrong_state"

        assert (
            office.post(f"/api/v1/tasks/{second}/actions/revise").json()["state"]
            == "draft"
        )
        version = office.get(f"/api/v1/tasks/{second}").json()["version"]
        revised = office.patch(
            f"/api/v1/tasks/{second}",
            {"version": version, "lead_agency": snv.pk, "cooperating_agencies": []},
            format="json",
        )
        assert revised.status_code == 200, revised.json()
        handed = office.post(f"/api/v1/tasks/{second}/actions/hand_over")
        assert handed.json()["state"] == "handed_over"
        # The second task now belongs to the other agency: STC no longer sees it.
        assert agency.get(f"/api/v1/tasks/{second}").status_code == 404

    with time_machine.travel(date(2026, 11, 25), tick=False):
        office, agency = _client(vp_chuyenvien), _client(stc_chuyenvien)
        reported = agency.post(
            f"/api/v1/tasks/{first}/actions/report",
            {
                "text": "Đã trình UBND tỉnh dự toán năm 2027.",
                "done": True,
                "completed_on": "2026-11-19",
            },
            format="json",
        )
        assert reported.json()["state"] == "reported_done"
        confirmed = office.post(f"/api/v1/tasks/{first}/actions/confirm")
        assert confirmed.json()["state"] == "confirmed_done"
        assert confirmed.json()["confirmed_on"] == "2026-11-25"
        assert confirmed.json()["report_status"] == "done_on_time"

        events = office.get(f"/api/v1/tasks/{first}/events").json()
        assert [e["action"] for e in events] == [
            "create",
            "hand_over",
            "accept",
            "report",
            "confirm",
        ]
        assert [(e["from_state"], e["to_state"]) for e in events[1:]] == [
            ("draft", "handed_over"),
            ("handed_over", "accepted"),
            ("accepted", "reported_done"),
            ("reported_done", "confirmed_done"),
        ]
        assert events[2]["actor"]["username"] == "stc.chuyenvien"

        second_events = office.get(f"/api/v1/tasks/{second}/events").json()
        assert [e["action"] for e in second_events] == [
            "create",
            "hand_over",
            "return",
            "revise",
            "update",
            "hand_over",
        ]
        assert second_events[2]["note"] == "Biên chế thuộc chức năng của Sở Nội vụ."

    # A completion after the deadline is late, whatever day the Office confirms.
    with time_machine.travel(date(2026, 12, 10), tick=False):
        snv_client = _client(snv_chuyenvien)
        # Tokens live one working session (SECURITY.md 21): sign in again.
        office = _client(vp_chuyenvien)
        snv_client.post(f"/api/v1/tasks/{second}/actions/accept")
        snv_client.post(
            f"/api/v1/tasks/{second}/actions/report",
            {"text": "Đã rà soát xong.", "done": True, "completed_on": "2026-12-02"},
            format="json",
        )
        late = office.post(f"/api/v1/tasks/{second}/actions/confirm").json()
        assert late["report_status"] == "done_late"
        listed = office.get("/api/v1/tasks", {"report_status": "done_late"}).json()
        assert [t["id"] for t in listed["results"]] == [second]
        # The day before, it was past its deadline and not yet accepted.
        earlier = office.get(f"/api/v1/tasks/{second}", {"as_of": "2026-12-01"}).json()
        assert earlier["report_status"] == "not_started_overdue"
    assert Task.objects.get(pk=first).completed_on == date(2026, 11, 19)
