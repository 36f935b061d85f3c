"""Deployment checks of our own, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def secret_key_from_environment(**kwargs: object) -> list[checks.CheckMessage]:
    if getattr(settings, "SECRET_KEY_FROM_ENV", True):
        return []
    return [
        checks.Error(
            "DJANGO_SECRET_KEY is not set: the development key is in use.",
            hint="Set DJANGO_SECRET_KEY in the environment of every deployment.",
            id="chidao.E001",
        )
    ]
