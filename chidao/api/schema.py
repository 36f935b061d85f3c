"""OpenAPI component names for serializers nested in their API class (STYLE.md)."""

from drf_spectacular import openapi
from rest_framework import serializers


class AutoSchema(openapi.AutoSchema):
    def get_serializer_name(
        self, serializer: serializers.Serializer, direction: str
    ) -> str:
        # `TokenApi.InputSerializer` becomes `TokenApiInput`, so every endpoint's
        # nested Input/OutputSerializer gets a component of its own.
        qualname = type(serializer).__qualname__
        outer, _dot, inner = qualname.rpartition(".")
        if outer:
            return f"{outer.replace('.', '')}{inner}"
        return type(serializer).__name__


# Error answers any operation may give (API.md "Errors"), documented once so
# that a client, and the schema fuzzing in CI, find every status in the schema.
ERROR_STATUSES = {
    "400": "The request could not be processed.",
    "401": "Not signed in: no token, or an expired or revoked one.",
    "403": "Visible but not allowed for this user.",
    "404": "Not found, or not visible to this user.",
    "405": "Method not allowed on this path.",
    "409": "Wrong state or stale version.",
    "413": "Request body too large.",
    "415": "Unsupported media type.",
    "422": "Invalid input; `errors` names the fields.",
    "429": "Too many requests (sign-in lockout or export rate limit).",
}
ERROR_SCHEMA = {
    "type": "object",
    "required": ["detail", "code"],
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {},
            "description": "Messages by field name, on validation errors.",
        },
    },
}


def add_error_responses(result: dict, generator: object, **kwargs: object) -> dict:
    """drf-spectacular postprocessing hook: the error answers on every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = (
        ERROR_SCHEMA
    )
    reference = {"$ref": "#/components/schemas/Error"}
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_STATUSES.items():
                declared = responses.get(status)
                if declared is None:
                    responses[status] = {
                        "description": description,
                        "content": {"application/json": {"schema": reference}},
                    }
                else:
                    _also_error(declared, reference)
    return result


def _also_error(response: dict, reference: dict) -> None:
    """An operation's own body for an error status (the import's 422 report)
    does not stop the generic error answer: invalid input still gives Error."""
    body = response.setdefault("content", {}).setdefault("application/json", {})
    schema = body.get("schema")
    if schema is None:
        body["schema"] = reference
    elif schema != reference and reference not in schema.get("anyOf", []):
        body["schema"] = {"anyOf": [schema, reference]}
