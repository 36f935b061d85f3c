"""Deployment checks of our own, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core import checks

from .entrypoint import secret_key_problem


@checks.register(checks.Tags.security, deploy=True)
def secret_key_from_environment(**kwargs: object) -> list[checks.CheckMessage]:
    problem = secret_key_problem(
        settings.SECRET_KEY,
        from_env=getattr(settings, "SECRET_KEY_FROM_ENV", True),
    )
    if not problem:
        return []
    return [
        checks.Error(
            problem,
            hint="Set DJANGO_SECRET_KEY in the environment of every deployment.",
            id="chidao.E001",
        )
    ]


def clock_synchronised() -> bool | None:
    """The kernel's view of NTP: True synced, False not, None cannot tell.

    `timedatectl show -p NTPSynchronized` first (systemd hosts); otherwise
    adjtimex(2), which timedatectl itself reads: TIME_ERROR (5) means the
    clock is not disciplined by NTP.
    """
    import ctypes
    import ctypes.util
    import shutil
    import subprocess

    timedatectl = shutil.which("timedatectl")
    if timedatectl:
        try:
            done = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
                [timedatectl, "show", "-p", "NTPSynchronized", "--value"],
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            done = None
        if done is not None and done.returncode == 0:
            return done.stdout.strip() == "yes"
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        timex = ctypes.create_string_buffer(512)  # struct timex, modes = 0: read
        state = libc.adjtimex(timex)
    except (OSError, AttributeError):
        return None
    if state < 0:
        return None
    return state != 5  # TIME_ERROR


@checks.register(checks.Tags.security, deploy=True)
def clock_in_sync(**kwargs: object) -> list[checks.CheckMessage]:
    """SECURITY.md 60 (TCVN 4.8.2.1 a): log times need an NTP-synchronised clock."""
    if not getattr(settings, "REQUIRE_NTP_SYNC", True):
        return []
    if clock_synchronised() is False:
        return [
            # A warning: `check --deploy --fail-level WARNING` (make
            # check-deploy) fails on it; `make serve` still starts.
            checks.Warning(
                "The system clock is not synchronised by NTP.",
                hint="Enable systemd-timesyncd or chrony; containers inherit the "
                "host's clock (then set REQUIRE_NTP_SYNC=0 on the container and "
                "check the host).",
                id="chidao.W004",
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def logs_kept_and_shipped(**kwargs: object) -> list[checks.CheckMessage]:
    """SECURITY.md 49: a year of logs, shipped off the host."""
    problems = []
    if getattr(settings, "LOG_RETENTION_DAYS", 0) < 365:
        problems.append(
            checks.Warning(
                "LOG_RETENTION_DAYS is below 365.",
                hint="Logs are kept at least 12 months (TCVN 4.8.2.1 a).",
                id="chidao.W005",
            )
        )
    if not getattr(settings, "LOG_SYSLOG_ADDRESS", ""):
        problems.append(
            checks.Warning(
                "LOG_SYSLOG_ADDRESS is not set: logs stay on this host.",
                hint="Name the central syslog collector (host:port or a socket).",
                id="chidao.W006",
            )
        )
    return problems
