"""Deployment checks of our own, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core import checks

from .entrypoint import secret_key_problem


@checks.register(checks.Tags.security, deploy=True)
def secret_key_from_environment(**kwargs: object) -> list[checks.CheckMessage]:
    problem = secret_key_problem(
        settings.SECRET_KEY,
        from_env=getattr(settings, "SECRET_KEY_FROM_ENV", True),
    )
    if not problem:
        return []
    return [
        checks.Error(
            problem,
            hint="Set DJANGO_SECRET_KEY in the environment of every deployment.",
            id="chidao.E001",
        )
    ]
