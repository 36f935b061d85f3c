"""`Authorization: Bearer <token>`, as API.md fixes; tokens by django-rest-knox."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication
from knox.models import AuthToken
from rest_framework import exceptions

from chidao.accounts.models import User


class BearerTokenAuthentication(TokenAuthentication):
    """A knox token, refused for a disabled account or one that must change
    its password (SECURITY.md 15, 23)."""

    def authenticate_header(self, request: object) -> str:
        return "Bearer"

    def _cleanup_token(self, auth_token: AuthToken) -> bool:
        # Only this token's expiry: knox also sweeps the user's other tokens,
        # a query on every call (expired ones are refused all the same).
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False

    def validate_user(self, auth_token: AuthToken) -> tuple[User, AuthToken]:
        user = auth_token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("This account is disabled."))
        if user.must_change_password:
            raise exceptions.AuthenticationFailed(
                _("Change the password you were given on the sign-in page first."),
                code="password_change_required",
            )
        return user, auth_token


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "chidao.api.auth.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: object) -> dict:
        return {"type": "http", "scheme": "bearer"}
