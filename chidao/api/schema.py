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
