"""Every API request is all or nothing (SECURITY.md 51): an error answer
leaves nothing written, whatever was saved before the error was raised."""

from unittest import mock

from chidao.tasks.models import Task

from .conftest import World
from .test_line_45_refusals_logged import api_as


def test_line_51_a_write_before_a_late_refusal_is_rolled_back(world: World) -> None:
    from chidao.lib.errors import Refused
    from chidao.tasks import services

    api = api_as(world, "tracking_officer")
    version = api.get(f"/api/v1/tasks/{world.draft.pk}").json()["version"]
    real = services.update_task

    def update_then_refuse(*args: object, **kwargs: object) -> object:
        real(*args, **kwargs)  # the change is written…
        raise Refused("later rule")  # …then a later check refuses

    with mock.patch.object(services, "update_task", update_then_refuse):
        response = api.patch(
            f"/api/v1/tasks/{world.draft.pk}",
            {"version": version, "content": "Nội dung đổi rồi bị từ chối"},
            format="json",
        )
    assert response.status_code == 422
    assert Task.objects.get(pk=world.draft.pk).content != "Nội dung đổi rồi bị từ chối"


def test_line_51_a_404_after_a_write_leaves_nothing(world: World) -> None:
    from django.http import Http404

    from chidao.tasks import services

    api = api_as(world, "tracking_officer")
    version = api.get(f"/api/v1/tasks/{world.draft.pk}").json()["version"]
    real = services.update_task

    def update_then_404(*args: object, **kwargs: object) -> object:
        real(*args, **kwargs)
        raise Http404

    with mock.patch.object(services, "update_task", update_then_404):
        response = api.patch(
            f"/api/v1/tasks/{world.draft.pk}",
            {"version": version, "content": "Đổi rồi 404"},
            format="json",
        )
    assert response.status_code == 404
    assert Task.objects.get(pk=world.draft.pk).content != "Đổi rồi 404"
