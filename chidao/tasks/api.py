"""/api/v1/tasks and /api/v1/sectors (API.md): the same services as the pages."""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from chidao.accounts.models import User
from chidao.agencies.models import Agency
from chidao.directives.models import Directive
from chidao.lib.bounds import TEXT_MAX

from . import directions, services, workflow
from .forms import MAX_ID, leader_choices
from .models import Comment, Direction, ProgressReport, Sector, Task, TaskEvent
from .selectors import filter_tasks, with_list_data
from .standing import ReportStatus

_DATE = serializers.DateField()


def _as_of(request: Request) -> date:
    raw = request.query_params.get("as_of")
    if not raw:
        return timezone.localdate()
    try:
        return _DATE.run_validation(raw)
    except serializers.ValidationError as exc:
        raise serializers.ValidationError({"as_of": exc.detail}) from exc


def _visible(request: Request, pk: int, as_of: date | None = None) -> Task:
    qs = with_list_data(Task.objects.visible_to(request.user), as_of or _as_of(request))
    return get_object_or_404(qs, pk=pk)


class TaskOutputSerializer(serializers.ModelSerializer):
    directive_number = serializers.CharField(source="directive.number")
    lead_agency_name = serializers.CharField(source="lead_agency.name")
    cooperating_agencies = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    report_status = serializers.CharField(allow_null=True, default=None)
    handover_due = serializers.DateField(
        source="directive.handover_due_on", allow_null=True, read_only=True
    )

    class Meta:
        model = Task
        fields = [
            "id",
            "directive",
            "directive_number",
            "parent",
            "content",
            "lead_agency",
            "lead_agency_name",
            "cooperating_agencies",
            "tracking_officer",
            "sector",
            "kind",
            "original_deadline",
            "deadline",
            "period",
            "state",
            "report_status",
            "handover_due",
            "report_due",
            "handed_over_at",
            "accepted_at",
            "completed_on",
            "confirmed_on",
            "cancelled_at",
            "version",
            "created_at",
            "updated_at",
        ]


class TaskInputSerializer(serializers.Serializer):
    directive = serializers.PrimaryKeyRelatedField(queryset=Directive.objects.all())
    content = serializers.CharField(max_length=TEXT_MAX)
    lead_agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all())
    cooperating_agencies = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), many=True, required=False
    )
    tracking_officer = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    kind = serializers.ChoiceField(choices=Task.Kind.choices)
    deadline = serializers.DateField(required=False, allow_null=True)
    period = serializers.ChoiceField(
        choices=Task.Period.choices, required=False, allow_blank=True
    )
    sector = serializers.PrimaryKeyRelatedField(
        queryset=Sector.objects.filter(active=True), required=False, allow_null=True
    )


@extend_schema(
    parameters=[
        OpenApiParameter("q", OpenApiTypes.STR, description="Accents optional"),
        OpenApiParameter("agency", OpenApiTypes.INT, description="Lead or cooperating"),
        OpenApiParameter("state", OpenApiTypes.STR, enum=Task.State.values),
        OpenApiParameter("report_status", OpenApiTypes.STR, enum=ReportStatus.values),
        OpenApiParameter("directive", OpenApiTypes.INT),
        OpenApiParameter("deadline_from", OpenApiTypes.DATE),
        OpenApiParameter("deadline_to", OpenApiTypes.DATE),
        OpenApiParameter("as_of", OpenApiTypes.DATE, description="Default: today"),
    ]
)
class TaskListCreateApi(ListAPIView):
    """Tasks the caller may see, with their status as of `as_of`."""

    serializer_class = TaskOutputSerializer

    class FilterSerializer(serializers.Serializer):
        q = serializers.CharField(required=False, allow_blank=True, max_length=200)
        agency = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
        state = serializers.ChoiceField(choices=Task.State.choices, required=False)
        report_status = serializers.ChoiceField(
            choices=ReportStatus.choices, required=False
        )
        directive = serializers.IntegerField(
            required=False, min_value=1, max_value=MAX_ID
        )
        deadline_from = serializers.DateField(required=False)
        deadline_to = serializers.DateField(required=False)
        as_of = serializers.DateField(required=False)

    def get_queryset(self):  # noqa: ANN201
        params = self.FilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        as_of = params.validated_data.get("as_of") or timezone.localdate()
        qs = with_list_data(Task.objects.visible_to(self.request.user), as_of)
        qs = filter_tasks(qs, params.validated_data, as_of=as_of)
        return qs.prefetch_related("cooperating_agencies").order_by("id")

    @extend_schema(request=TaskInputSerializer, responses={201: TaskOutputSerializer})
    def post(self, request: Request) -> Response:
        data = TaskInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        task = services.create_task(**data.validated_data, by=request.user)
        task = _visible(request, task.pk)
        return Response(TaskOutputSerializer(task).data, status=status.HTTP_201_CREATED)


class TaskDetailApi(APIView):
    class PatchSerializer(serializers.Serializer):
        version = serializers.IntegerField()
        content = serializers.CharField(required=False, max_length=TEXT_MAX)
        lead_agency = serializers.PrimaryKeyRelatedField(
            queryset=Agency.objects.all(), required=False
        )
        cooperating_agencies = serializers.PrimaryKeyRelatedField(
            queryset=Agency.objects.all(), many=True, required=False
        )
        tracking_officer = serializers.PrimaryKeyRelatedField(
            queryset=User.objects.filter(is_active=True),
            required=False,
            allow_null=True,
        )
        kind = serializers.ChoiceField(choices=Task.Kind.choices, required=False)
        deadline = serializers.DateField(required=False, allow_null=True)
        period = serializers.ChoiceField(
            choices=Task.Period.choices, required=False, allow_blank=True
        )
        sector = serializers.PrimaryKeyRelatedField(
            queryset=Sector.objects.all(), required=False, allow_null=True
        )

    @extend_schema(
        parameters=[OpenApiParameter("as_of", OpenApiTypes.DATE)],
        responses=TaskOutputSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(TaskOutputSerializer(_visible(request, pk)).data)

    @extend_schema(request=PatchSerializer, responses=TaskOutputSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        """Edit with the `version` last read; a stale one is 409 `stale`."""
        task = _visible(request, pk)
        data = self.PatchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = values.pop("version")
        services.update_task(task, by=request.user, version=version, **values)
        return Response(TaskOutputSerializer(_visible(request, pk)).data)


class TaskSubtaskCreateApi(APIView):
    """Art. 9.2: the lead agency hands part of its task to one of its units,
    with the rules of the task page (`services.create_subtask`)."""

    class InputSerializer(serializers.Serializer):
        lead_agency = serializers.PrimaryKeyRelatedField(
            queryset=Agency.objects.all(),
            help_text="One of the lead agency's own units.",
        )
        content = serializers.CharField(max_length=TEXT_MAX)
        deadline = serializers.DateField(required=False, allow_null=True)

    @extend_schema(request=InputSerializer, responses={201: TaskOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        parent = _visible(request, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        sub = services.create_subtask(parent, by=request.user, **data.validated_data)
        return Response(
            TaskOutputSerializer(_visible(request, sub.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class TaskEventsApi(APIView):
    class OutputSerializer(serializers.ModelSerializer):
        actor = serializers.SerializerMethodField()

        class Meta:
            model = TaskEvent
            fields = ["at", "actor", "action", "from_state", "to_state", "note", "data"]

        def get_actor(self, event: TaskEvent) -> dict | None:
            if event.actor is None:
                return None
            return {
                "id": event.actor.pk,
                "username": event.actor.username,
                "full_name": event.actor.full_name,
            }

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        """Every step of the task, oldest first."""
        task = get_object_or_404(Task.objects.visible_to(request.user), pk=pk)
        events = task.events.select_related("actor").order_by("at", "id")
        return Response(self.OutputSerializer(events, many=True).data)


class TaskActionApi(APIView):
    """`POST /tasks/{id}/actions/{action}`: one step of API.md's actions table."""

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=TEXT_MAX
        )
        text = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=TEXT_MAX
        )
        difficulties = serializers.CharField(
            required=False,
            allow_blank=True,
            default="",
            max_length=TEXT_MAX,
            help_text=gettext_lazy("report: difficulties and obstacles (optional)."),
        )
        proposals = serializers.CharField(
            required=False,
            allow_blank=True,
            default="",
            max_length=TEXT_MAX,
            help_text=gettext_lazy("report: proposals and recommendations (optional)."),
        )
        done = serializers.BooleanField(required=False, default=False)
        completed_on = serializers.DateField(required=False, allow_null=True)
        new_deadline = serializers.DateField(required=False, allow_null=True)
        done_wrongly = serializers.BooleanField(
            required=False,
            help_text=gettext_lazy("reopen: the task was done wrongly (Art. 10.4)"),
        )
        # adjust (Art. 10.4): the fields to change; the others stay as they are.
        content = serializers.CharField(required=False, max_length=TEXT_MAX)
        lead_agency = serializers.PrimaryKeyRelatedField(
            queryset=Agency.objects.all(), required=False
        )
        cooperating_agencies = serializers.PrimaryKeyRelatedField(
            queryset=Agency.objects.all(), many=True, required=False
        )
        kind = serializers.ChoiceField(choices=Task.Kind.choices, required=False)
        deadline = serializers.DateField(required=False, allow_null=True)
        period = serializers.ChoiceField(
            choices=Task.Period.choices, required=False, allow_blank=True
        )
        # `urge` (Art. 9.1a): an optional message to the lead agency.
        message = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=TEXT_MAX
        )
        # `ask_direction` (Art. 9.1c): the question, and the leader asked
        # (default: the directive's directing leader).
        question = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=TEXT_MAX
        )
        leader = serializers.PrimaryKeyRelatedField(
            queryset=leader_choices(), required=False, allow_null=True
        )
        version = serializers.IntegerField(
            required=False,
            allow_null=True,
            help_text=gettext_lazy(
                "The task's version last read; when the task has moved on since "
                "(the same request sent twice, or someone acted first) the "
                "answer is 409 stale and nothing is recorded."
            ),
        )

    @extend_schema(request=InputSerializer, responses=TaskOutputSerializer)
    def post(self, request: Request, pk: int, action: str) -> Response:
        task = get_object_or_404(
            Task.objects.visible_to(request.user).select_related(
                "directive", "lead_agency", "parent"
            ),
            pk=pk,
        )
        if action not in workflow.STEPS:
            raise NotFound()
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # A null deadline is kept: an adjustment may clear it (Art. 10.4).
        payload = {
            k: v
            for k, v in data.validated_data.items()
            if v is not None or k == "deadline"
        }
        seen = payload.pop("version", None)
        workflow.perform(
            task, action, by=request.user, data=payload, expected_version=seen
        )
        return Response(TaskOutputSerializer(_visible(request, pk)).data)


class CommentSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.get_full_name", read_only=True)
    text = serializers.CharField(max_length=TEXT_MAX)

    class Meta:
        model = Comment
        fields = ["id", "text", "by", "at"]
        read_only_fields = ["id", "by", "at"]


class TaskCommentsApi(APIView):
    """The Art. 8 exchange on a task."""

    @extend_schema(responses=CommentSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        task = get_object_or_404(Task.objects.visible_to(request.user), pk=pk)
        comments = task.comments.select_related("by")
        return Response(CommentSerializer(comments, many=True).data)

    @extend_schema(request=CommentSerializer, responses={201: CommentSerializer})
    def post(self, request: Request, pk: int) -> Response:
        task = get_object_or_404(
            Task.objects.visible_to(request.user).select_related("parent"), pk=pk
        )
        data = CommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        workflow.perform(task, "comment", by=request.user, data=data.validated_data)
        comment = task.comments.select_related("by").latest("at", "id")
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class DirectionSerializer(serializers.ModelSerializer):
    leader_name = serializers.CharField(source="leader.get_full_name", read_only=True)
    by_name = serializers.CharField(source="by.get_full_name", read_only=True)
    on_behalf = serializers.BooleanField(
        read_only=True,
        help_text="Written down by an office lead on behalf of the leader.",
    )

    class Meta:
        model = Direction
        fields = [
            "id",
            "directive",
            "task",
            "text",
            "leader",
            "leader_name",
            "by",
            "by_name",
            "on_behalf",
            "at",
        ]
        read_only_fields = fields


class TaskDirectionsApi(APIView):
    """Art. 9.1c: the leaders' directions on a task (and on its directive)."""

    class InputSerializer(serializers.Serializer):
        text = serializers.CharField(max_length=TEXT_MAX)
        on_behalf_of = serializers.PrimaryKeyRelatedField(
            queryset=leader_choices(),
            required=False,
            allow_null=True,
            help_text="For an office lead: the leader whose direction this is "
            "(default: the directive's directing leader). A leader's own is theirs.",
        )

    @extend_schema(responses=DirectionSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        """Newest first; those with `task` null are on the whole directive."""
        task = get_object_or_404(Task.objects.visible_to(request.user), pk=pk)
        return Response(DirectionSerializer(directions.of_task(task), many=True).data)

    @extend_schema(request=InputSerializer, responses={201: DirectionSerializer})
    def post(self, request: Request, pk: int) -> Response:
        """A leader, or an office lead on a leader's behalf; agencies get 403."""
        task = get_object_or_404(
            Task.objects.visible_to(request.user).select_related(
                "directive", "lead_agency", "parent", "tracking_officer"
            ),
            pk=pk,
        )
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        workflow.perform(task, "direct", by=request.user, data=data.validated_data)
        direction = (
            task.directions.filter(by=request.user)
            .select_related("leader", "by")
            .latest("id")
        )
        return Response(
            DirectionSerializer(direction).data, status=status.HTTP_201_CREATED
        )


class ProgressReportSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.get_full_name", read_only=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "text",
            "difficulties",
            "proposals",
            "is_done",
            "completed_on",
            "by",
            "at",
        ]


class TaskReportsApi(APIView):
    """The lead agency's progress reports (Art. 6.2b); filing one is the
    `report` step, as `actions/report` is."""

    class InputSerializer(serializers.Serializer):
        text = serializers.CharField(max_length=TEXT_MAX)
        difficulties = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=TEXT_MAX
        )
        proposals = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=TEXT_MAX
        )
        done = serializers.BooleanField(required=False, default=False)
        completed_on = serializers.DateField(required=False, allow_null=True)
        version = serializers.IntegerField(required=False, allow_null=True)

    @extend_schema(responses=ProgressReportSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        task = get_object_or_404(Task.objects.visible_to(request.user), pk=pk)
        reports = task.reports.select_related("by")
        return Response(ProgressReportSerializer(reports, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: ProgressReportSerializer})
    def post(self, request: Request, pk: int) -> Response:
        task = get_object_or_404(
            Task.objects.visible_to(request.user).select_related(
                "directive", "lead_agency", "parent"
            ),
            pk=pk,
        )
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        payload = {k: v for k, v in data.validated_data.items() if v is not None}
        seen = payload.pop("version", None)
        workflow.perform(
            task, "report", by=request.user, data=payload, expected_version=seen
        )
        report = task.reports.select_related("by").latest("at", "id")
        return Response(
            ProgressReportSerializer(report).data, status=status.HTTP_201_CREATED
        )


class SectorListApi(ListAPIView):
    """The sectors (lĩnh vực) the admin keeps."""

    class OutputSerializer(serializers.ModelSerializer):
        class Meta:
            model = Sector
            fields = ["id", "code", "name", "active"]

    serializer_class = OutputSerializer
    pagination_class = None

    def get_queryset(self):  # noqa: ANN201
        return Sector.objects.order_by("name")
