"""DJANGO_DEBUG=0 serves pages only if collectstatic builds the hashed manifest."""

import json
from io import StringIO

from django.core.management import call_command


def test_collectstatic_builds_the_manifest_with_hashed_names(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }
    call_command("collectstatic", "--noinput", verbosity=0, stdout=StringIO())
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    chart = manifest["vendor/chart-4.6.1.umd.min.js"]
    assert chart != "vendor/chart-4.6.1.umd.min.js"
    assert (tmp_path / chart).exists()
    assert (tmp_path / (chart + ".gz")).exists()
    assert "css/chidao.css" in manifest
