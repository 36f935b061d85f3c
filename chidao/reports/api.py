"""GET /api/v1/reports/summary (API.md "Reports"), as JSON, XLSX or DOCX."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from chidao.lib.errors import NotAllowed
from chidao.lib.ratelimit import check_rate

from . import documents, exports
from .filters import list_filters, scope_line
from .periods import Period, period_bounds, quarter_of
from .queries import GROUP_BY_CHOICES, period_summary


class QueryFormatNegotiation(DefaultContentNegotiation):
    """`format` names the file wanted here (xlsx, docx), not a DRF renderer."""

    settings = SimpleNamespace(URL_FORMAT_OVERRIDE=None)


def can_read_reports(user: Any) -> bool:
    """Office, leaders, admins and agency people (the latter see their own)."""
    return bool(user.roles) or user.is_superuser


class SummaryRowSerializer(serializers.Serializer):
    """One group (or the totals): counts per report status."""

    key = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    total = serializers.IntegerField()
    done_on_time = serializers.IntegerField()
    done_late = serializers.IntegerField()
    on_track = serializers.IntegerField()
    overdue = serializers.IntegerField()
    done_no_deadline = serializers.IntegerField()
    ongoing_no_deadline = serializers.IntegerField()
    awaiting_confirmation = serializers.IntegerField(
        help_text=gettext_lazy("Reported done within the deadline, not confirmed.")
    )
    awaiting_confirmation_late = serializers.IntegerField()
    not_started = serializers.IntegerField(
        help_text=gettext_lazy("Handed over, not accepted yet, within the deadline.")
    )
    not_started_overdue = serializers.IntegerField()
    due = serializers.IntegerField(
        help_text=gettext_lazy("Tasks due by as_of: the on-time rate's denominator.")
    )
    overdue_open = serializers.IntegerField(
        help_text=gettext_lazy("overdue + not_started_overdue.")
    )
    on_time_rate = serializers.FloatField(
        allow_null=True,
        help_text=gettext_lazy(
            "done_on_time / due, from 0 to 1; null while no task is due."
        ),
    )
    done_within_original_deadline = serializers.IntegerField()
    done_within_extended_deadline = serializers.IntegerField()
    periodic_updates = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=gettext_lazy(
            "Art. 7.2b updates of tasks without deadline due by as_of: due, "
            "on_time, late, missed."
        ),
    )


class ReportSummaryApi(APIView):
    """Counts per report status of the tasks of directives issued in [from, to].

    Only tasks visible to the caller count: an agency user gets the numbers of
    the tasks of their own agency. `from` and `to` default to this quarter,
    `as_of` to today, `group_by` to `agency`. The task-list filters (`q`,
    `agency`, `lead_agency`, `state`, `report_status`, `sector`, `leader`...)
    narrow the count exactly as they narrow the list.
    """

    content_negotiation_class = QueryFormatNegotiation

    class InputSerializer(serializers.Serializer):
        to = serializers.DateField(required=False)
        as_of = serializers.DateField(required=False)
        group_by = serializers.ChoiceField(
            choices=GROUP_BY_CHOICES, required=False, default="agency"
        )
        format = serializers.ChoiceField(
            choices=["json", "xlsx", "docx"], required=False, default="json"
        )

        def get_fields(self) -> dict[str, serializers.Field]:
            fields = super().get_fields()
            # `from` is a Python keyword, so it cannot be declared above.
            return {"from": serializers.DateField(required=False), **fields}

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            start, end = attrs.get("from"), attrs.get("to")
            if start and end and start > end:
                raise serializers.ValidationError(
                    {"to": [_("The last day must not be before the first.")]}
                )
            return attrs

    class OutputSerializer(serializers.Serializer):
        rows = SummaryRowSerializer(many=True)
        totals = SummaryRowSerializer()

    @extend_schema(
        operation_id="reports_summary",
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE),
            OpenApiParameter("to", OpenApiTypes.DATE),
            OpenApiParameter("as_of", OpenApiTypes.DATE),
            OpenApiParameter("group_by", OpenApiTypes.STR, enum=GROUP_BY_CHOICES),
            OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "xlsx", "docx"]),
        ],
        responses={
            200: OutputSerializer,
            (200, exports.XLSX_TYPE): OpenApiTypes.BINARY,
            (200, exports.DOCX_TYPE): OpenApiTypes.BINARY,
        },
    )
    def get(self, request: Request) -> Response | HttpResponse:
        if not can_read_reports(request.user):
            raise NotAllowed()
        data = self.InputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        params, errors = list_filters(request.query_params)
        if errors:
            raise serializers.ValidationError(errors)
        today = timezone.localdate()
        this_quarter = period_bounds("quarter", today.year, quarter_of(today))
        values = data.validated_data
        start = values.get("from") or this_quarter[0]
        end = values.get("to") or this_quarter[1]
        as_of = values.get("as_of") or today
        if start > end:
            raise serializers.ValidationError(
                {"to": [_("The last day must not be before the first.")]}
            )
        params.update(issued_from=start, issued_to=end)
        result = period_summary(
            request.user, params, as_of=as_of, group_by=values["group_by"]
        )
        if values["format"] == "json":
            return Response(result.as_dict())
        check_rate(request.user, "export")
        report = documents.periodic_report(
            Period.from_range(start, end, as_of=as_of),
            result.totals,
            [result],
            issued_on=today,
            scope=scope_line(params),
        )
        return exports.file_response(report, values["format"])
