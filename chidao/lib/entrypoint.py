"""Guard shared by wsgi.py and asgi.py: never serve with the development key."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_secret_key() -> None:
    if not settings.DEBUG and not settings.SECRET_KEY_FROM_ENV:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DEBUG is off.")
