from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "chidao.tasks"
    label = "tasks"
