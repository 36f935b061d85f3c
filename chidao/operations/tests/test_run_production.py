"""run_production (make serve) refuses to start in an unsafe state."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def test_refuses_debug_mode(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="DJANGO_DEBUG=0"):
        call_command("run_production")


def test_refuses_a_short_secret_key(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = "short-key-123"
    settings.SECRET_KEY_FROM_ENV = True
    with pytest.raises(CommandError, match="too short"):
        call_command("run_production")


def test_refuses_to_serve_without_collected_static_files(settings, tmp_path):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path
    with pytest.raises(CommandError, match="collectstatic"):
        call_command("run_production")
