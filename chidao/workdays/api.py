"""Working-day arithmetic and the calendar's days (API.md "Working days")."""

from datetime import date, timedelta

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .calendar import WorkCalendar, add_working_days
from .models import DayKind
from .services import remove_day_override, set_day_override

# Enough for any deadline; keeps one request from looping for ever.
MAX_DAYS = 2000
# The longest range of /calendar/days: three years.
MAX_RANGE = timedelta(days=3 * 366)


class CalendarAddApi(APIView):
    """The day N working days after a date (the date itself not counted)."""

    class InputSerializer(serializers.Serializer):
        date = serializers.DateField(input_formats=["iso-8601"])
        days = serializers.IntegerField(min_value=-MAX_DAYS, max_value=MAX_DAYS)

    class OutputSerializer(serializers.Serializer):
        date = serializers.DateField()

    @extend_schema(parameters=[InputSerializer], responses=OutputSerializer)
    def get(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        try:
            day = add_working_days(
                data.validated_data["date"], data.validated_data["days"]
            )
        except OverflowError as exc:
            raise serializers.ValidationError(
                {"date": [_("The result falls outside the calendar.")]}
            ) from exc
        return Response(self.OutputSerializer({"date": day}).data)


class CalendarDaysApi(APIView):
    """Every day of [from, to] with whether it is a working day, and why not."""

    class InputSerializer(serializers.Serializer):
        from_ = serializers.DateField(input_formats=["iso-8601"])
        to = serializers.DateField(input_formats=["iso-8601"])

        def get_fields(self) -> dict:
            fields = super().get_fields()
            fields["from"] = fields.pop("from_")
            return fields

        def validate(self, attrs: dict) -> dict:
            start, end = attrs["from"], attrs["to"]
            if end < start:
                raise serializers.ValidationError(
                    {"to": [_("The end date must not be before the start date.")]}
                )
            if end - start > MAX_RANGE:
                raise serializers.ValidationError(
                    {"to": [_("Ask for at most three years at a time.")]}
                )
            return attrs

    class OutputSerializer(serializers.Serializer):
        date = serializers.DateField()
        working = serializers.BooleanField()
        reason = serializers.CharField()

    @extend_schema(parameters=[InputSerializer], responses=OutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        cal = WorkCalendar.load()
        rows = [
            {"date": day, "working": working, "reason": reason}
            for day, working, reason in cal.days(
                data.validated_data["from"], data.validated_data["to"]
            )
        ]
        return Response(self.OutputSerializer(rows, many=True).data)


class OverrideSetApi(APIView):
    """Admins: enter an announced day off or make-up working day."""

    class InputSerializer(serializers.Serializer):
        date = serializers.DateField(input_formats=["iso-8601"])
        kind = serializers.ChoiceField(choices=DayKind.choices)
        reason = serializers.CharField(max_length=200)

    class OutputSerializer(serializers.Serializer):
        date = serializers.DateField(source="day")
        kind = serializers.CharField()
        reason = serializers.CharField()

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        override = set_day_override(
            data.validated_data["date"],
            kind=data.validated_data["kind"],
            reason=data.validated_data["reason"],
            by=request.user,
        )
        return Response(
            self.OutputSerializer(override).data, status=status.HTTP_201_CREATED
        )


class OverrideRemoveApi(APIView):
    """Admins: remove an entered day; the library's calendar applies again."""

    @extend_schema(responses={204: None})
    def delete(self, request: Request, day: date) -> Response:
        if not remove_day_override(day, by=request.user):
            return Response(
                {"detail": _("Not found."), "code": "not_found"},
                status=status.HTTP_404_NOT_FOUND,
            )
        return Response(status=status.HTTP_204_NO_CONTENT)
