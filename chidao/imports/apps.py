from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "chidao.imports"
    label = "imports"
    verbose_name = _("Imports and the document system")

    def ready(self) -> None:
        from chidao.attachments import parents

        from .models import InboundDocument

        # The files of a message from the document system wait on it until
        # the officer confirms the directive, then move to the directive.
        parents.register("inbound", InboundDocument)
