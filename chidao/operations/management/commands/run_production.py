"""Run the web server, the task worker(s) and the scheduler as one service.

`make serve` runs this after collectstatic and migrate: one command for a
single server. Larger deployments run the three as separate systemd units
(deploy/systemd/) on as many machines as needed. If any process dies, the
others are stopped and the command exits non-zero, so the supervisor
(systemd, or the operator) sees the failure instead of a half-running app.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chidao.lib.entrypoint import require_secret_key

GUNICORN_CONFIG = settings.BASE_DIR / "deploy" / "gunicorn.conf.py"
STOP_SECONDS = 30


class Command(BaseCommand):
    help = "Run gunicorn, db_worker(s) and run_scheduler together (make serve)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            default=os.environ.get("GUNICORN_BIND", "127.0.0.1:8000"),
            help="Address for gunicorn (default GUNICORN_BIND or 127.0.0.1:8000).",
        )
        parser.add_argument(
            "--task-workers",
            type=int,
            default=int(os.environ.get("TASK_WORKERS", 1)),
            help="How many db_worker processes (default TASK_WORKERS or 1).",
        )
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="For extra nodes: another node runs the scheduler.",
        )

    def _preflight(self) -> None:
        if settings.DEBUG:
            raise CommandError("run_production needs DJANGO_DEBUG=0.")
        try:
            require_secret_key()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        name = getattr(staticfiles_storage, "manifest_name", "staticfiles.json")
        manifest = Path(settings.STATIC_ROOT) / name
        if not manifest.exists():
            raise CommandError(
                f"{manifest} is missing: run `manage.py collectstatic` first."
            )

    def _commands(self, options: dict) -> list[tuple[str, list[str]]]:
        manage = str(settings.BASE_DIR / "manage.py")
        host = socket.gethostname()
        commands = [
            (
                "web",
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "--config",
                    str(GUNICORN_CONFIG),
                    "--bind",
                    options["bind"],
                    "chidao.wsgi:application",
                ],
            )
        ]
        for n in range(max(1, options["task_workers"])):
            commands.append(
                (
                    f"worker-{n + 1}",
                    [
                        sys.executable,
                        manage,
                        "db_worker",
                        "--worker-id",
                        f"{host}-{os.getpid()}-{n + 1}",
                    ],
                )
            )
        if not options["no_scheduler"]:
            commands.append(("scheduler", [sys.executable, manage, "run_scheduler"]))
        return commands

    def handle(self, *args: object, **options: object) -> None:
        self._preflight()
        stopping: list[int] = []

        def stop(signum: int, frame: FrameType | None) -> None:
            stopping.append(signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        running: dict[str, subprocess.Popen] = {}
        failed = ""
        try:
            for name, command in self._commands(options):
                running[name] = subprocess.Popen(command, cwd=settings.BASE_DIR)  # noqa: S603
                self.stdout.write(f"started {name} (pid {running[name].pid})")
            while not stopping and not failed:
                for name, process in running.items():
                    if process.poll() is not None:
                        failed = f"{name} exited with code {process.returncode}"
                        break
                time.sleep(0.5)
        finally:
            for process in running.values():
                if process.poll() is None:
                    process.terminate()
            deadline = time.monotonic() + STOP_SECONDS
            for process in running.values():
                try:
                    process.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        if failed:
            raise CommandError(f"{failed}; the other processes were stopped.")
        self.stdout.write("stopped")
