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

from chidao.accounts.models import OFFICE_ROLES

from .agencies import Gazetteer
from .extract import extract_text
from .forms import MAX_TEXT
from .reader import read_directive


class IsOffice(BasePermission):
    """Art. 6.1: the Office reads and records directives."""

    def has_permission(self, request: Request, view: object) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_role(*OFFICE_ROLES))


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

    class AgencySerializer(serializers.Serializer):
        name = serializers.CharField()
        written = serializers.CharField()
        id = serializers.IntegerField(allow_null=True)
        matched = serializers.BooleanField()

    class TaskSerializer(serializers.Serializer):
        content = serializers.CharField()
        lead_agencies = serializers.ListField(child=serializers.CharField())
        cooperating_agencies = serializers.ListField(child=serializers.CharField())
        deadline = serializers.DateField(allow_null=True)
        period = serializers.CharField(allow_null=True)
        must_report = serializers.BooleanField()
        source_span = serializers.CharField()
        lead_agency_matches = serializers.ListField(child=serializers.DictField())
        cooperating_agency_matches = serializers.ListField(
            child=serializers.DictField()
        )
        deadline_text = serializers.CharField(allow_null=True)
        recurring = serializers.BooleanField()
        kind = serializers.CharField()
        span = serializers.ListField(child=serializers.IntegerField())

    class OutputSerializer(serializers.Serializer):
        directive = serializers.DictField()
        tasks = serializers.ListField(child=serializers.DictField())

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
        text = (
            extract_text(upload, upload.name or "")
            if upload
            else data.validated_data["text"]
        )
        proposal = read_directive(text, gazetteer=Gazetteer.from_db())
        return Response(proposal.to_json(detail=True))
