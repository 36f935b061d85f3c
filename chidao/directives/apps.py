from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "chidao.directives"
    label = "directives"
