"""The OpenAPI schema builds without warnings and carries API.md's paths."""

import json
from io import StringIO

from django.core.management import call_command


def test_schema_is_valid_and_has_no_warnings(db):
    out = StringIO()
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--format",
        "openapi-json",
        stdout=out,
    )
    schema = out.getvalue()
    for path in ["/api/v1/auth/token", "/api/v1/me", "/api/v1/agencies"]:
        assert f'"{path}"' in schema


def test_an_operations_own_error_body_still_admits_the_error_answer(db):
    # The import's 422 is its row report; a missing file is API.md's error
    # body under the same status. Both must validate (CI's schemathesis run).
    out = StringIO()
    call_command("spectacular", "--format", "openapi-json", stdout=out)
    schema = json.loads(out.getvalue())
    body = schema["paths"]["/api/v1/imports/tasks"]["post"]["responses"]["422"]
    alternatives = body["content"]["application/json"]["schema"]["anyOf"]
    assert {"$ref": "#/components/schemas/Error"} in alternatives
    assert {"$ref": "#/components/schemas/ImportReport"} in alternatives
    tasks = schema["paths"]["/api/v1/tasks"]["get"]["responses"]["422"]
    assert tasks["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
