"""Per-test storage, no ClamAV unless a test asks, and real clamd daemons."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import translation

from .clamd import INSTALL_HINT, Clamd, clamav_installed


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:  # noqa: ANN001
    """A fresh storage directory per test, so "nothing left" can be checked."""
    root = tmp_path / "media"
    root.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    return root


@pytest.fixture(autouse=True)
def english(settings) -> Iterator[None]:  # noqa: ANN001
    """Assertions read the English source; test_vietnamese.py checks the UI words."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def no_clamav(settings) -> None:  # noqa: ANN001
    settings.CLAMAV_SOCKET = ""
    settings.CLAMAV_TCP = ""
    cache.clear()


def stored_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


@pytest.fixture(scope="session")
def clamd_daemons(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """Daemons by signature age, started on first use, stopped at the end."""
    if not clamav_installed():
        pytest.skip(INSTALL_HINT)
    daemons: dict[float, Clamd] = {}

    def get(age_days: float) -> Clamd:
        if age_days not in daemons:
            root = tmp_path_factory.mktemp(f"clamd-{age_days:g}d")
            daemons[age_days] = Clamd(root, age_days).start()
        return daemons[age_days]

    yield {"get": get}
    for daemon in daemons.values():
        daemon.stop()


@pytest.fixture
def fresh_clamd(clamd_daemons: dict, settings) -> Clamd:  # noqa: ANN001
    """ClamAV configured in settings, with signatures built a day ago."""
    daemon = clamd_daemons["get"](1)
    settings.CLAMAV_SOCKET = daemon.socket_path
    return daemon


@pytest.fixture
def stale_clamd(clamd_daemons: dict, settings) -> Clamd:  # noqa: ANN001
    """ClamAV configured in settings, with signatures 8 days old."""
    daemon = clamd_daemons["get"](8)
    settings.CLAMAV_SOCKET = daemon.socket_path
    settings.CLAMAV_MAX_SIGNATURE_AGE_DAYS = 7
    return daemon
