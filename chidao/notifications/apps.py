from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "chidao.notifications"
    label = "notifications"
