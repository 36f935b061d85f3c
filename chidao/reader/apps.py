from django.apps import AppConfig


class ReaderConfig(AppConfig):
    name = "chidao.reader"
    label = "reader"
