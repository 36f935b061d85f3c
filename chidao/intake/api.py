"""/api/v1/directives (API.md): one view per path, the services of the pages."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from chidao.accounts.models import Role, User
from chidao.agencies.models import Agency
from chidao.directives.models import Directive
from chidao.directives.selectors import filter_directives
from chidao.directives.validation import refuse_classified
from chidao.lib.bounds import TEXT_MAX
from chidao.tasks import workflow
from chidao.tasks.models import directives_visible_to

from .services import record_directive, update_directive


class DirectiveOutputSerializer(serializers.ModelSerializer):
    handover_due = serializers.DateField(source="handover_due_on", read_only=True)

    class Meta:
        model = Directive
        fields = [
            "id",
            "kind",
            "number",
            "summary",
            "issued_on",
            "signer",
            "directing_leader",
            "proposing_agency",
            "needs_opinions",
            "handover_due",
            "version",
            "created_at",
            "updated_at",
        ]


class DirectiveInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Directive.Kind.choices)
    number = serializers.CharField(max_length=64)
    summary = serializers.CharField(max_length=TEXT_MAX)
    issued_on = serializers.DateField()
    signer = serializers.CharField(max_length=150, required=False, allow_blank=True)
    directing_leader = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.with_role(Role.LEADER), required=False, allow_null=True
    )
    proposing_agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), required=False, allow_null=True
    )
    needs_opinions = serializers.BooleanField(required=False)
    classification = serializers.ChoiceField(
        choices=Directive.Classification.choices, required=False
    )


def _classification_of(data: object) -> str:
    if hasattr(data, "get"):
        return str(data.get("classification") or Directive.Classification.THUONG)
    return Directive.Classification.THUONG


@extend_schema(
    parameters=[
        OpenApiParameter("q", OpenApiTypes.STR, description="Accents optional"),
        OpenApiParameter("kind", OpenApiTypes.STR),
        OpenApiParameter("from", OpenApiTypes.DATE),
        OpenApiParameter("to", OpenApiTypes.DATE),
    ]
)
class DirectiveListCreateApi(ListAPIView):
    """Directives the caller may see; office roles record new ones."""

    serializer_class = DirectiveOutputSerializer

    class FilterSerializer(serializers.Serializer):
        q = serializers.CharField(required=False, allow_blank=True, max_length=200)
        kind = serializers.CharField(required=False, allow_blank=True)

        def get_fields(self) -> dict:
            fields = super().get_fields()
            # `from` and `to` are Python keywords: declared here, not above.
            fields["from"] = serializers.DateField(required=False)
            fields["to"] = serializers.DateField(required=False)
            return fields

    def get_queryset(self):  # noqa: ANN201
        params = self.FilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        return filter_directives(
            directives_visible_to(self.request.user),
            q=data.get("q") or "",
            kind=data.get("kind") or "",
            issued_from=data.get("from"),
            issued_to=data.get("to"),
        )

    @extend_schema(
        request=DirectiveInputSerializer, responses={201: DirectiveOutputSerializer}
    )
    def post(self, request: Request) -> Response:
        # Art. 5.2: refused before anything else is looked at or stored.
        refuse_classified(_classification_of(request.data))
        data = DirectiveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        directive = record_directive(
            data.validated_data,
            by=request.user,
            source=Directive.Source.API,
            today=timezone.localdate(),
        ).directive
        return Response(
            DirectiveOutputSerializer(directive).data, status=status.HTTP_201_CREATED
        )


class DirectiveDetailApi(APIView):
    class PatchSerializer(DirectiveInputSerializer):
        version = serializers.IntegerField(
            required=False,
            help_text="The version last read; a stale one is 409 `stale`.",
        )

        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, partial=True, **kwargs)

    @extend_schema(responses=DirectiveOutputSerializer)
    def get(self, request: Request, pk: int) -> Response:
        directive = get_object_or_404(directives_visible_to(request.user), pk=pk)
        return Response(DirectiveOutputSerializer(directive).data)

    @extend_schema(request=PatchSerializer, responses=DirectiveOutputSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        directive = get_object_or_404(directives_visible_to(request.user), pk=pk)
        refuse_classified(_classification_of(request.data))
        data = self.PatchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.pop("classification", None)
        directive = update_directive(
            directive,
            by=request.user,
            today=timezone.localdate(),
            version=values.pop("version", None),
            **values,
        )
        return Response(DirectiveOutputSerializer(directive).data)


class DirectiveHandOverApi(APIView):
    """Hand over every draft task of the directive at once."""

    class OutputSerializer(serializers.Serializer):
        handed_over = serializers.IntegerField()

    @extend_schema(request=None, responses=OutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        directive = get_object_or_404(directives_visible_to(request.user), pk=pk)
        count = workflow.hand_over_all(directive, by=request.user)
        return Response({"handed_over": count})
