"""403 and 404 refusals are security-log lines (SECURITY.md 45)."""

import json
import logging

from knox.models import AuthToken
from rest_framework.test import APIClient

from .conftest import World


def api_as(world: World, role: str) -> APIClient:
    """An API client with a fresh Bearer token of `role`."""
    client = APIClient()
    _row, token = AuthToken.objects.create(world.users[role])
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def _lines(caplog) -> list[dict]:  # noqa: ANN001
    return [
        json.loads(r.getMessage())
        for r in caplog.records
        if r.name == "chidao.security" and r.getMessage().startswith("{")
    ]


def test_line_45_a_404_on_another_agencys_task_is_logged(world: World, caplog) -> None:  # noqa: ANN001
    with caplog.at_level(logging.INFO, logger="chidao.security"):
        world.client("outsider").get(f"/nhiem-vu/{world.task.pk}/")
        api_as(world, "outsider").get(f"/api/v1/tasks/{world.task.pk}")
    refused = [line for line in _lines(caplog) if line["result"] == "refused_404"]
    assert len(refused) == 2
    assert {line["account"] for line in refused} == {world.users["outsider"].username}
    assert all(str(world.task.pk) in line["target"] for line in refused)
    assert all(line["ip"] == "127.0.0.1" and "+07:00" in line["at"] for line in refused)


def test_line_45_a_403_is_logged(world: World, caplog) -> None:  # noqa: ANN001
    with caplog.at_level(logging.INFO, logger="chidao.security"):
        response = world.client("agency_officer").get("/tai-khoan/nhap-tai-khoan/")
    assert response.status_code == 403
    [line] = [line for line in _lines(caplog) if line["result"] == "refused_403"]
    assert line["action"] == "authorization"
    assert line["target"] == "GET /tai-khoan/nhap-tai-khoan/"
