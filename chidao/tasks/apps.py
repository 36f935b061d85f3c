from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "chidao.tasks"
    label = "tasks"
    verbose_name = _("Tasks")

    def ready(self) -> None:
        from chidao.attachments import parents
        from chidao.directives.models import Directive

        from . import receivers  # noqa: F401
        from .models import Comment, ProgressReport, Task, directives_visible_to

        # Files hang on directives and on tasks, their reports and comments.
        parents.register("directive", Directive, directives_visible_to)
        parents.register("task", Task)
        parents.register("report", ProgressReport)
        parents.register("comment", Comment)
