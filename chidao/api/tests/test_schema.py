"""The OpenAPI schema builds without warnings and carries API.md's paths."""

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
