"""The caller's own notices (GET /api/v1/notifications) and marking one read."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView, get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Notification
from .services import mark_read


class NotificationOutputSerializer(serializers.ModelSerializer):
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "created_at", "read_at", "is_read"]


class NotificationListApi(ListAPIView):
    """Newest first; `?unread=1` for the unread ones only."""

    serializer_class = NotificationOutputSerializer

    def get_queryset(self):  # noqa: ANN201
        qs = Notification.objects.for_user(self.request.user)
        if self.request.query_params.get("unread") in {"1", "true"}:
            qs = qs.unread()
        return qs


class NotificationReadApi(APIView):
    @extend_schema(request=None, responses=NotificationOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        notice = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
        mark_read(notice, by=request.user)
        return Response(NotificationOutputSerializer(notice).data)
