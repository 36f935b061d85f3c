"""JSON endpoints: list and upload files of a parent, download one (API.md)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from chidao.api.pagination import PageNumberPagination
from chidao.lib.errors import NotAllowed, Refused
from chidao.lib.ratelimit import check_rate

from . import parents, services
from .downloads import download_response
from .models import Attachment
from .selectors import attachments_for


class AttachmentOutputSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")
    scan_status = serializers.CharField(source="status")
    uploaded_by = serializers.IntegerField(source="uploaded_by_id")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id",
            "name",
            "size",
            "scan_status",
            "reason",
            "sha256",
            "uploaded_by",
            "uploaded_at",
            "download_url",
        ]

    def get_download_url(self, obj: Attachment) -> str | None:
        if not obj.is_servable:
            return None
        return reverse("api:attachment_download", args=[obj.pk])


class ParentAttachmentsApi(APIView):
    """GET: the files of a directive, task, report or comment; POST: add one."""

    kind = ""
    parser_classes = [MultiPartParser, FormParser]
    OutputSerializer = AttachmentOutputSerializer

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField()

    @extend_schema(
        responses=inline_serializer(
            "AttachmentPage",
            {
                "count": serializers.IntegerField(),
                "results": AttachmentOutputSerializer(many=True),
            },
        )
    )
    def get(self, request: Request, pk: int) -> Response:
        parent = parents.get_visible_parent(self.kind, pk, request.user)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(
            attachments_for(parent, request.user), request, view=self
        )
        return paginator.get_paginated_response(
            self.OutputSerializer(page, many=True).data
        )

    @extend_schema(
        request={"multipart/form-data": InputSerializer},
        responses={
            201: AttachmentOutputSerializer,
            422: OpenApiResponse(
                description="`file_rejected`: refused by type, size or scan; "
                "`detail` gives the reason."
            ),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        parent = parents.get_visible_parent(self.kind, pk, request.user)
        if not parents.can_attach(request.user, parent):
            raise NotAllowed()
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            attachment = services.attach_file(
                parent, data.validated_data["file"], by=request.user
            )
        except Refused as exc:
            # Answered, not raised, so the refusal event is committed.
            return Response(
                {"detail": exc.message, "code": exc.code},
                status=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        body = self.OutputSerializer(attachment).data
        if attachment.is_blocked:
            return Response(
                {"detail": attachment.reason, "code": "file_rejected", **body},
                status=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        return Response(body, status=status.HTTP_201_CREATED)


class AttachmentDownloadApi(APIView):
    """The file itself, for users who can see its parent; 404 otherwise."""

    def perform_content_negotiation(
        self, request: Request, force: bool = False
    ) -> tuple[JSONRenderer, str]:
        # Any Accept header gets the file; errors are always JSON.
        return JSONRenderer(), JSONRenderer.media_type

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            404: OpenApiResponse(description="Missing, hidden, or not clean."),
        }
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        check_rate(request.user, "download")
        attachment = get_object_or_404(
            Attachment.objects.visible_to(request.user).servable(), pk=pk
        )
        return download_response(attachment)
