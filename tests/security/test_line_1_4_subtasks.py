"""Sub-tasks stay inside the parent's agency (SECURITY.md 1, 4; Art. 9.2).

The hole found by attacking the running app: after its unit returned a
sub-task, the parent agency's PATCH with another agency as lead answered 404
but the change was committed, and cooperating agencies could be set to any
agency, which could then read and comment on it.
"""

from chidao.accounts.models import Role
from chidao.accounts.tests.factories import UserFactory
from chidao.agencies.tests.factories import AgencyFactory
from chidao.tasks.models import Task

from .conftest import World, fingerprint
from .test_line_45_refusals_logged import api_as


def _subtask(world: World) -> Task:
    api = api_as(world, "agency_lead")
    response = api.post(
        f"/api/v1/tasks/{world.task.pk}/subtasks",
        {
            "lead_agency": world.agencies["stc_unit"].pk,
            "content": "Tổng hợp số liệu các đơn vị",
            "deadline": "2026-12-10",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    return Task.objects.get(pk=response.json()["id"])


def _returned(world: World) -> Task:
    sub = _subtask(world)
    unit_lead = UserFactory(
        username="stc.ns.lanhdao",
        agency=world.agencies["stc_unit"],
        roles=[Role.AGENCY_LEAD],
    )
    world.users["unit_lead"] = unit_lead
    returned = api_as(world, "unit_lead").post(
        f"/api/v1/tasks/{sub.pk}/actions/return",
        {"reason": "Không thuộc chức năng của phòng."},
        format="json",
    )
    assert returned.status_code == 200, returned.json()
    sub.refresh_from_db()
    return sub


def test_line_4_the_subtask_api_follows_the_page_rules(world: World) -> None:
    sub = _subtask(world)
    assert sub.parent_id == world.task.pk
    assert sub.lead_agency_id == world.agencies["stc_unit"].pk
    # The unit's own page shows it; the parent's agency follows it.
    page = world.client("agency_lead").get(f"/nhiem-vu/{sub.pk}/")
    assert page.status_code == 200


def test_line_4_a_subtask_for_another_agency_is_refused(world: World) -> None:
    api = api_as(world, "agency_lead")
    before = fingerprint(world)
    response = api.post(
        f"/api/v1/tasks/{world.task.pk}/subtasks",
        {"lead_agency": world.agencies["snv"].pk, "content": "Việc của sở khác"},
        format="json",
    )
    assert response.status_code == 422
    assert "lead_agency" in response.json()["errors"]
    assert fingerprint(world) == before


def test_line_4_only_the_lead_agency_makes_subtasks(world: World) -> None:
    body = {"lead_agency": world.agencies["stc_unit"].pk, "content": "Việc"}
    url = f"/api/v1/tasks/{world.task.pk}/subtasks"
    assert (
        api_as(world, "tracking_officer").post(url, body, format="json").status_code
        == 403
    )
    assert api_as(world, "leader").post(url, body, format="json").status_code == 403
    assert api_as(world, "outsider").post(url, body, format="json").status_code == 404


def test_line_1_a_returned_subtask_cannot_be_handed_to_another_agency(
    world: World,
) -> None:
    sub = _returned(world)
    api = api_as(world, "agency_lead")
    response = api.patch(
        f"/api/v1/tasks/{sub.pk}",
        {"version": sub.version, "lead_agency": world.agencies["snv"].pk},
        format="json",
    )
    assert response.status_code == 422
    sub.refresh_from_db()
    assert sub.lead_agency_id == world.agencies["stc_unit"].pk
    assert api_as(world, "outsider").get(f"/api/v1/tasks/{sub.pk}").status_code == 404


def test_line_1_another_agency_cannot_be_made_cooperating(world: World) -> None:
    sub = _returned(world)
    for role in ("agency_lead", "tracking_officer"):
        response = api_as(world, role).patch(
            f"/api/v1/tasks/{sub.pk}",
            {
                "version": sub.version,
                "cooperating_agencies": [world.agencies["snv"].pk],
            },
            format="json",
        )
        assert response.status_code == 422, role
        assert "cooperating_agencies" in response.json()["errors"]
    assert not sub.cooperating_agencies.exists()
    outsider = api_as(world, "outsider")
    assert outsider.get(f"/api/v1/tasks/{sub.pk}").status_code == 404
    assert (
        outsider.post(
            f"/api/v1/tasks/{sub.pk}/comments", {"text": "Xin chào"}, format="json"
        ).status_code
        == 404
    )


def test_line_1_a_sister_unit_may_cooperate_on_a_subtask(world: World) -> None:
    sister = AgencyFactory(
        code="STC-KH", name="Phòng Kế hoạch", kind="unit", parent=world.agencies["stc"]
    )
    sub = _returned(world)
    response = api_as(world, "agency_lead").patch(
        f"/api/v1/tasks/{sub.pk}",
        {"version": sub.version, "cooperating_agencies": [sister.pk]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert list(sub.cooperating_agencies.values_list("pk", flat=True)) == [sister.pk]


def test_line_4_an_agency_cannot_name_cooperating_agencies_of_a_province_task(
    world: World,
) -> None:
    from chidao.tasks import permissions

    agency_lead = world.users["agency_lead"]
    assert not permissions.can_set_cooperating_agencies(
        agency_lead, world.task, {world.agencies["snv"].pk}
    )
    assert permissions.can_set_cooperating_agencies(
        world.users["tracking_officer"], world.task, {world.agencies["snv"].pk}
    )


def test_line_4_the_subtask_endpoint_is_in_the_schema(world: World) -> None:
    schema = world.client("agency_officer").get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/tasks/{id}/subtasks"]["post"]
    assert {"201", "403", "404", "422"} <= set(operation["responses"])
