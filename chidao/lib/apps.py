from django.apps import AppConfig

from . import bounds

# Before any app's ready() (the admin's imports forms): every DateField made
# from here on checks the 1945–2100 range.
bounds.install()


class LibConfig(AppConfig):
    name = "chidao.lib"
    label = "lib"
    verbose_name = "ChiDao library"

    def ready(self) -> None:
        from . import checks  # noqa: F401
