"""Token, the caller's own profile, and the user directory (API.md)."""

from axes.exceptions import AxesBackendPermissionDenied
from django.contrib.auth import authenticate
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from chidao.lib.errors import NotAllowed

from . import mfa
from .models import OFFICE_ROLES, Role, User
from .tokens import issue_token, revoke_token


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
    """Exchange a user name and password for an API token; DELETE revokes it."""

    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(
            max_length=4096, style={"input_type": "password"}
        )
        otp = serializers.CharField(
            max_length=16,
            required=False,
            help_text="The authenticator code; required for administrators.",
        )

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField()
        expires_at = serializers.DateTimeField()

    def initialize_request(self, request: object, *args: object, **kwargs: object):  # noqa: ANN201
        # Signing in needs no credentials; revoking needs the token itself.
        self._method = getattr(request, "method", "")
        self._signing_in = self._method == "POST"
        return super().initialize_request(request, *args, **kwargs)

    def get_authenticators(self) -> list:
        if getattr(self, "_signing_in", False):
            return []
        return super().get_authenticators()

    def get_permissions(self) -> list:
        if getattr(self, "_method", "") == "DELETE":
            return [IsAuthenticated()]
        return [AllowAny()]  # other methods get their 405

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer}, auth=[])
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        credentials = {
            "username": data.validated_data["username"],
            "password": data.validated_data["password"],
        }
        try:
            user = authenticate(request._request, **credentials)
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
            return _wrong_credentials()
        if mfa.needs_mfa(user):
            # SECURITY.md 18: an administrator's token needs the second factor.
            code = data.validated_data.get("otp", "")
            if not code:
                raise NotAllowed(
                    _("Administrators must also send the code of their authenticator."),
                    code="mfa_required",
                )
            if not mfa.verify_code(user, code):
                return _wrong_credentials()
        token, expires_at = issue_token(user)
        return Response({"token": token, "expires_at": expires_at})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        """Revoke the token this request was sent with."""
        if request.auth is None:
            raise NotAllowed(
                _("Only a request signed with a token can revoke it."),
                code="not_a_token",
            )
        revoke_token(request.auth, by=request.user, reason="signed_out")
        return Response(status=status.HTTP_204_NO_CONTENT)


def _wrong_credentials() -> Response:
    return Response(
        {
            "detail": _("Wrong user name or password."),
            "code": "invalid_credentials",
        },
        status=status.HTTP_401_UNAUTHORIZED,
    )


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
