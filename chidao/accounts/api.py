"""Token, the caller's own profile, and the user directory (API.md)."""

from axes.exceptions import AxesBackendPermissionDenied
from django.contrib.auth import authenticate
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import OFFICE_ROLES, Role, User


class AgencyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class UserOutputSerializer(serializers.ModelSerializer):
    agency = AgencyRefSerializer(allow_null=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "agency", "roles"]

    def get_roles(self, user: User) -> list[str]:
        return sorted(user.roles)


class IsOfficeStaff(BasePermission):
    def has_permission(self, request: Request, view: object) -> bool:
        user = request.user
        return bool(
            user
            and user.is_authenticated
            and (user.has_role(*OFFICE_ROLES, Role.ADMIN))
        )


# The answer is a credential: no browser or proxy may keep it (SECURITY.md 30).
@method_decorator(never_cache, name="dispatch")
class TokenApi(APIView):
    """Exchange a user name and password for an API token."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField()
        password = serializers.CharField(style={"input_type": "password"})

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField()

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            user = authenticate(request._request, **data.validated_data)
        except AxesBackendPermissionDenied:
            user = None
            locked = True
        else:
            locked = getattr(request._request, "axes_locked_out", False)
        if locked:
            return Response(
                {
                    "detail": _("Too many failed sign-ins. Try again later."),
                    "code": "locked",
                },
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        if user is None:
            return Response(
                {
                    "detail": _("Wrong user name or password."),
                    "code": "invalid_credentials",
                },
                status=status.HTTP_401_UNAUTHORIZED,
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class MeApi(APIView):
    @extend_schema(responses=UserOutputSerializer)
    def get(self, request: Request) -> Response:
        return Response(UserOutputSerializer(request.user).data)


class UserListApi(ListAPIView):
    """Accounts, optionally of one agency (office roles only)."""

    permission_classes = [IsOfficeStaff]
    serializer_class = UserOutputSerializer

    def get_queryset(self):  # noqa: ANN201
        qs = User.objects.filter(is_active=True).select_related("agency")
        qs = qs.prefetch_related("groups")
        agency = self.request.query_params.get("agency")
        if agency:
            # A number past the largest id would overflow the query.
            if not agency.isdigit() or len(agency) > 18:
                raise serializers.ValidationError({"agency": [_("Must be an id.")]})
            qs = qs.filter(agency_id=int(agency))
        return qs.order_by("username")
