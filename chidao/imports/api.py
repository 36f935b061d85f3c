"""/api/v1 for imports and the document system: one view per operation.

- `POST /imports/tasks` (multipart `file`, `dry_run`) checks, and imports, a
  legacy task list: 200 (dry run), 201 (imported), 422 with the same body
  when a row is refused, 202 with the run's address for a large file.
- `GET /imports/tasks/{id}` is a run's status, progress and report.
- `POST /directives/import` (multipart `file`) receives an edXML message.
- `GET /directives/{id}/edxml-status` is the edXML status message to send back.
- `GET /directives/register?format=xlsx|csv` is the register with references.
"""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from chidao.lib.http import content_disposition
from chidao.reports.api import QueryFormatNegotiation
from chidao.reports.exports import XLSX_TYPE
from chidao.tasks.models import directives_visible_to

from . import decisions, inbound, reading, register, runs
from .legacy import FIELDS, header_key
from .models import ImportRun, InboundDocument


class IsOffice(BasePermission):
    """Art. 6.1: the Office records directives and tasks."""

    def has_permission(self, request: Request, view: object) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_office)


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="Row number as the spreadsheet shows it")
    column = serializers.CharField(help_text="The column's header as written")
    message = serializers.CharField()
    sheet = serializers.CharField()


class CountSerializer(serializers.Serializer):
    new = serializers.IntegerField()


class DirectiveCountSerializer(CountSerializer):
    existing = serializers.IntegerField(
        help_text="Same number and year already recorded: tasks are added to it"
    )


class TaskCountSerializer(CountSerializer):
    skipped = serializers.IntegerField(help_text="Same task already recorded")


class ImportReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    rows = serializers.IntegerField()
    directives = DirectiveCountSerializer()
    tasks = TaskCountSerializer()
    errors = RowErrorSerializer(many=True)
    committed = serializers.BooleanField()


class ImportQueuedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    url = serializers.CharField(help_text="GET it for progress and the report")


class ProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField()
    total = serializers.IntegerField()


class ImportRunSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ImportRun.Status.choices)
    file_name = serializers.CharField()
    progress = ProgressSerializer()
    rows = serializers.IntegerField(required=False)
    directives = DirectiveCountSerializer(required=False)
    tasks = TaskCountSerializer(required=False)
    errors = RowErrorSerializer(many=True, required=False)
    committed = serializers.BooleanField(required=False)


class ImportTasksApi(APIView):
    """Check (dry run) or import a legacy task list, all rows or none."""

    permission_classes = [IsOffice]
    parser_classes = [MultiPartParser, FormParser]

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField(help_text="XLSX or CSV, one row per task")
        dry_run = serializers.BooleanField(
            default=True, help_text="true: report only; false: import"
        )
        mapping = serializers.CharField(
            required=False,
            help_text='JSON {"header as written": "field"}; fields: '
            + ", ".join(FIELDS),
        )

        def validate_mapping(self, value: str) -> dict[str, str]:
            try:
                data = json.loads(value)
            except ValueError as exc:
                raise serializers.ValidationError(
                    _("The mapping is not valid JSON.")
                ) from exc
            if not isinstance(data, dict) or any(
                not isinstance(v, str) or (v and v not in FIELDS) for v in data.values()
            ):
                raise serializers.ValidationError(
                    _("Map each header to one of the fields listed.")
                )
            return {header_key(k): v for k, v in data.items()}

    @extend_schema(
        request={"multipart/form-data": InputSerializer},
        responses={
            200: OpenApiResponse(ImportReportSerializer, description="Dry run"),
            201: OpenApiResponse(ImportReportSerializer, description="Imported"),
            202: OpenApiResponse(
                ImportQueuedSerializer, description="Large file: a background job"
            ),
            422: OpenApiResponse(
                ImportReportSerializer, description="Refused rows; nothing imported"
            ),
        },
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        run = runs.start_run(upload, name=upload.name, by=request.user)
        mapping = data.validated_data.get("mapping")
        if mapping:
            run.mapping = mapping
            run.save(update_fields=["mapping"])
        import_now = not data.validated_data["dry_run"]
        plan = runs.process(run, import_now=import_now, today=timezone.localdate())
        if plan is None:
            return Response(
                {
                    "id": run.pk,
                    "status": run.status,
                    "url": reverse("api:import-run", args=[run.pk]),
                },
                status=status.HTTP_202_ACCEPTED,
            )
        body = {"id": run.pk, **plan.counts(), "committed": plan.committed}
        if run.status == ImportRun.Status.FAILED:
            body["errors"] = [
                {"row": 0, "column": "", "message": run.report["message"], "sheet": ""}
            ]
        if body["errors"]:
            code = status.HTTP_422_UNPROCESSABLE_ENTITY
        elif plan.committed:
            code = status.HTTP_201_CREATED
        else:
            code = status.HTTP_200_OK
        return Response(body, status=code)


class ImportRunApi(APIView):
    """A task list's import: status, progress and its last report."""

    permission_classes = [IsOffice]

    @extend_schema(responses=ImportRunSerializer)
    def get(self, request: Request, pk: int) -> Response:
        run = get_object_or_404(ImportRun.objects.visible_to(request.user), pk=pk)
        return Response(runs.report_of(run))


class ReceiptSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The received document")
    action = serializers.ChoiceField(choices=["received", "revoked", "change"])
    state = serializers.ChoiceField(choices=InboundDocument.State.choices)
    document_id = serializers.CharField()
    directive = serializers.IntegerField(
        allow_null=True, help_text="The directive it acts on (revoked, change)"
    )
    review_url = serializers.CharField(help_text="Where the Office confirms it")
    proposed = serializers.DictField(help_text="Art. 5.1 fields read from it")
    tasks = serializers.ListField(
        child=serializers.DictField(), help_text="Tasks the reader proposes"
    )


class DirectiveImportApi(APIView):
    """Receive an edXML message from the document system (QCVN 102:2016).

    A new document waits for the Office's review (nothing is recorded as a
    directive before it confirms); a revocation flags the directive; an
    update or a replacement waits as a change to review. Errors: 409
    `duplicate` (same DocumentId), 413 `too_large`, 422 `classified`,
    `unsafe_xml` (DTD, entities), `invalid_edxml`, `unknown_document`.
    """

    permission_classes = [IsOffice]
    parser_classes = [MultiPartParser, FormParser]

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField(help_text="The .edxml message")

    @extend_schema(
        request={"multipart/form-data": InputSerializer},
        responses={200: ReceiptSerializer, 201: ReceiptSerializer},
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        receipt = inbound.receive(
            upload,
            name=upload.name,
            by=request.user,
            origin=InboundDocument.Origin.API,
        )
        document = receipt.document
        proposed, tasks = {}, []
        if receipt.action == "received":
            values = decisions.directive_values(document)
            proposed = {
                k: v.isoformat() if hasattr(v, "isoformat") else v
                for k, v in values.items()
            }
            if document.source_text:
                proposal = reading.propose(document.source_text, reading.registry())
                tasks = proposal.to_json()["tasks"]
        body = {
            "id": document.pk,
            "action": receipt.action,
            "state": document.state,
            "document_id": document.document_id,
            "directive": receipt.directive.pk if receipt.directive else None,
            "review_url": document.get_absolute_url(),
            "proposed": proposed,
            "tasks": tasks,
        }
        code = status.HTTP_200_OK if receipt.action == "revoked" else 201
        return Response(body, status=code)


class DirectiveEdxmlStatusApi(APIView):
    """The edXML status message for a directive: 03, 05 or 06 (edxml.md §5)."""

    permission_classes = [IsOffice]

    @extend_schema(
        responses={
            (200, "application/xml"): OpenApiResponse(
                OpenApiTypes.STR, description="An edXML status message"
            )
        }
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        directive = get_object_or_404(directives_visible_to(request.user), pk=pk)
        body = register.status_message(directive, by=request.user, at=timezone.now())
        return HttpResponse(body, content_type="application/xml; charset=utf-8")


class DirectiveRegisterApi(APIView):
    """The register of directives with their document-system references."""

    permission_classes = [IsOffice]
    content_negotiation_class = QueryFormatNegotiation

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "format", OpenApiTypes.STR, enum=["xlsx", "csv"], default="xlsx"
            )
        ],
        responses={
            (200, XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR),
        },
    )
    def get(self, request: Request) -> HttpResponse:
        directives = directives_visible_to(request.user)
        if request.query_params.get("format") == "csv":
            body, kind, name = register.register_csv(directives), "text/csv", "csv"
        else:
            body = register.register_xlsx(directives, today=timezone.localdate())
            kind, name = XLSX_TYPE, "xlsx"
        response = HttpResponse(body, content_type=kind)
        response["Content-Disposition"] = content_disposition(f"so-van-ban.{name}")
        return response
