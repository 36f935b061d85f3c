from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "chidao.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        # Registers the OpenAPI description of the Bearer scheme.
        from . import auth  # noqa: F401
