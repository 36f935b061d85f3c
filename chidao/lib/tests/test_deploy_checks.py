"""The development secret key is never accepted for serving."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from chidao.lib.checks import secret_key_from_environment
from chidao.lib.entrypoint import require_secret_key


def test_deploy_check_fails_without_a_secret_key(settings):
    settings.SECRET_KEY_FROM_ENV = False
    assert [m.id for m in secret_key_from_environment()] == ["chidao.E001"]
    settings.SECRET_KEY_FROM_ENV = True
    assert secret_key_from_environment() == []


def test_web_entry_point_refuses_the_development_key(settings):
    settings.SECRET_KEY_FROM_ENV = False
    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured):
        require_secret_key()
