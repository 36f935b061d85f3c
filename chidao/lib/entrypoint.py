"""Guard shared by wsgi.py, asgi.py and `run_production`: never serve on a weak key."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Django's own deploy check (security.W009) asks for the same length and variety.
MIN_SECRET_KEY_LENGTH = 50
MIN_SECRET_KEY_CHARACTERS = 5
DEVELOPMENT_PREFIXES = ("dev-only-", "django-insecure-", "change")


def secret_key_problem(key: str, *, from_env: bool) -> str:
    """Why `key` may not sign sessions in production; "" when it may."""
    if not from_env or not key:
        return "DJANGO_SECRET_KEY is not set."
    if key.lower().startswith(DEVELOPMENT_PREFIXES):
        return "DJANGO_SECRET_KEY is a development or placeholder key."
    if len(key) < MIN_SECRET_KEY_LENGTH or len(set(key)) < MIN_SECRET_KEY_CHARACTERS:
        return (
            f"DJANGO_SECRET_KEY is too short or too plain: use at least "
            f"{MIN_SECRET_KEY_LENGTH} random characters."
        )
    return ""


def require_secret_key() -> None:
    if settings.DEBUG:
        return
    problem = secret_key_problem(
        settings.SECRET_KEY, from_env=settings.SECRET_KEY_FROM_ENV
    )
    if problem:
        raise ImproperlyConfigured(
            problem + " Generate one with: python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(64))'"
        )
