"""Every API answer, errors included, is API.md's JSON (SECURITY.md 31):
unmatched paths, 405, 413, 500; and the schema is JSON."""

import pytest
from django.test import override_settings

from .conftest import World


@pytest.mark.parametrize(
    "path", ["/api/v1/khong-co", "/api/v1/tasks/abc", "/api/v1/../../etc/passwd"]
)
def test_line_31_an_unmatched_api_path_is_json_404(world: World, path: str) -> None:
    for role in ("anonymous", "agency_officer"):
        response = world.client(role).get(path)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json()["code"] == "not_found"
        assert response.json()["detail"]


def test_line_31_a_wrong_method_is_json_405(world: World, token_client) -> None:  # noqa: ANN001
    api = token_client(world.users["agency_officer"])
    response = api.put("/api/v1/me", {}, format="json")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_line_31_a_body_over_the_limit_is_json_413(world: World, token_client) -> None:  # noqa: ANN001
    api = token_client(world.users["tracking_officer"])
    body = b'{"summary": "' + b"x" * (10 * 1024 * 1024) + b'"}'
    response = api.generic(
        "POST", "/api/v1/directives", body, content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_line_31_a_crash_is_json_500_without_internals(world: World) -> None:
    client = world.client("agency_officer", raise_request_exception=False)
    with override_settings(ROOT_URLCONF="tests.security.urls_with_a_bug"):
        response = client.get("/api/v1/hong")
    assert response.status_code == 500
    assert response.json() == {
        "detail": response.json()["detail"],
        "code": "error",
    }
    assert "Traceback" not in response.content.decode()


def test_line_31_the_openapi_schema_is_json(world: World) -> None:
    response = world.client("agency_officer").get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    # Each operation documents the error answers it may give.
    token = schema["paths"]["/api/v1/auth/token"]["post"]["responses"]
    assert {"401", "403", "422", "429"} <= set(token)
