from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "chidao.workdays"
    label = "workdays"
