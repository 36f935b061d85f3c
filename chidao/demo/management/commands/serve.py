"""Serve the app with its background worker and scheduler (`make run`)."""

import subprocess
import sys

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the web server together with the task worker and the scheduler."

    def add_arguments(self, parser: object) -> None:
        parser.add_argument("--port", default="8000")
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args: object, **options: object) -> None:
        commands = get_commands()
        helpers = []
        for name in ("db_worker", "run_scheduler"):
            if name in commands:
                helpers.append(subprocess.Popen([sys.executable, "manage.py", name]))  # noqa: S603
                self.stdout.write(f"started {name} (pid {helpers[-1].pid})")
        try:
            call_command(
                "runserver", f"{options['host']}:{options['port']}", use_reloader=False
            )
        finally:
            for process in helpers:
                process.terminate()
            for process in helpers:
                process.wait(timeout=10)
