from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView

from .models import Agency


class AgencyOutputSerializer(serializers.ModelSerializer):
    active = serializers.BooleanField(source="is_active")

    class Meta:
        model = Agency
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "electronic_code",
            "parent",
            "kind",
            "active",
            "successor",
        ]


@extend_schema(
    parameters=[
        OpenApiParameter(
            "q", OpenApiTypes.STR, description="Code or name, accents optional"
        ),
        OpenApiParameter("active", OpenApiTypes.BOOL),
        OpenApiParameter("kind", OpenApiTypes.STR),
    ]
)
class AgencyListApi(ListAPIView):
    """The agency registry; `q` matches without Vietnamese accents."""

    serializer_class = AgencyOutputSerializer

    def get_queryset(self):  # noqa: ANN201
        params = self.request.query_params
        qs = Agency.objects.all()
        if params.get("q"):
            qs = qs.search(params["q"])
        if params.get("kind"):
            kind = params["kind"]
            qs = qs.filter(kind=kind) if kind in Agency.Kind.values else qs.none()
        if params.get("active") in ("1", "true"):
            qs = qs.active()
        return qs.order_by("code")


class AgencyDetailApi(RetrieveAPIView):
    serializer_class = AgencyOutputSerializer
    queryset = Agency.objects.all()
