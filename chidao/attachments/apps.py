from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    name = "chidao.attachments"
    label = "attachments"
