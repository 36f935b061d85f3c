"""POST /api/v1/directives/read: the proposal as JSON, nothing stored."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .agencies import Gazetteer
from .extract import extract_text
from .forms import MAX_TEXT
from .reader import read_directive


class IsOffice(BasePermission):
    """Art. 6.1: the Office reads and records directives."""

    def has_permission(self, request: Request, view: object) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_office)


class ProposedAgencySerializer(serializers.Serializer):
    name = serializers.CharField(
        help_text="Registry name when matched, else as written"
    )
    written = serializers.CharField()
    id = serializers.IntegerField(allow_null=True)
    matched = serializers.BooleanField()


class ProposedDirectiveSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    number = serializers.CharField(allow_null=True)
    symbol = serializers.CharField(allow_null=True)
    issued_on = serializers.DateField(allow_null=True)
    issued_partial = serializers.CharField(allow_null=True)
    place = serializers.CharField(allow_null=True)
    signer = serializers.CharField(allow_null=True)
    signer_title = serializers.CharField(allow_null=True)
    summary = serializers.CharField(allow_null=True)
    issuing_body = serializers.CharField(allow_null=True)
    level = serializers.CharField(allow_null=True)
    classified = serializers.BooleanField()
    classification = serializers.CharField()
    urgency = serializers.CharField(allow_null=True)
    addressees = serializers.ListField(child=serializers.CharField())


class ProposedTaskSerializer(serializers.Serializer):
    content = serializers.CharField()
    lead_agencies = serializers.ListField(child=serializers.CharField())
    cooperating_agencies = serializers.ListField(child=serializers.CharField())
    deadline = serializers.DateField(allow_null=True)
    period = serializers.CharField(allow_null=True)
    must_report = serializers.BooleanField()
    source_span = serializers.CharField()
    lead_agency_matches = ProposedAgencySerializer(many=True)
    cooperating_agency_matches = ProposedAgencySerializer(many=True)
    deadline_text = serializers.CharField(allow_null=True)
    recurring = serializers.BooleanField()
    kind = serializers.CharField()
    span = serializers.ListField(child=serializers.IntegerField())


class DirectiveReadApi(APIView):
    """Read a directive (multipart `file`, or JSON `{"text": ...}`) into a proposal."""

    permission_classes = [IsOffice]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    class InputSerializer(serializers.Serializer):
        text = serializers.CharField(
            required=False, max_length=MAX_TEXT, trim_whitespace=False
        )
        file = serializers.FileField(required=False)

        def validate(self, attrs: dict) -> dict:
            if not attrs.get("file") and not (attrs.get("text") or "").strip():
                raise serializers.ValidationError(
                    {"text": [_("Send a file or the text of the document.")]}
                )
            return attrs

    class OutputSerializer(serializers.Serializer):
        directive = ProposedDirectiveSerializer()
        tasks = ProposedTaskSerializer(many=True)

    @extend_schema(
        request={
            "application/json": InputSerializer,
            "multipart/form-data": InputSerializer,
        },
        responses={200: OutputSerializer},
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data.get("file")
        # Refused (422): file_rejected, unreadable, classified.
        if upload:
            text = extract_text(upload, upload.name or "")
        else:
            text = data.validated_data["text"]
        proposal = read_directive(
            text, gazetteer=Gazetteer.from_db(), match_foreign_names=True
        )
        return Response(proposal.to_json(detail=True))
