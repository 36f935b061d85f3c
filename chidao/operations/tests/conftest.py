from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:  # noqa: ANN001
    """A storage folder of the test's own, so restored files can be compared."""
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
