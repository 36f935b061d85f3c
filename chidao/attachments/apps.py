from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttachmentsConfig(AppConfig):
    name = "chidao.attachments"
    label = "attachments"
    verbose_name = _("Attachments")

    def ready(self) -> None:
        from . import checks  # noqa: F401
