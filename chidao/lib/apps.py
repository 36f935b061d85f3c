from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "chidao.lib"
    label = "lib"
    verbose_name = "ChiDao library"

    def ready(self) -> None:
        from . import checks  # noqa: F401
