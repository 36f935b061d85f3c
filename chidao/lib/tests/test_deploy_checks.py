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


@pytest.mark.parametrize(
    "key",
    [
        "dev-only-insecure-key-never-used-in-production" + "x" * 10,
        "django-insecure-" + "k" * 50,
        "change-me-" + "abcdef" * 10,
        "short-but-random-Zx81",
        "a" * 80,
    ],
)
def test_serving_refuses_a_missing_development_short_or_plain_key(settings, key):
    settings.DEBUG = False
    settings.SECRET_KEY = key
    settings.SECRET_KEY_FROM_ENV = True
    with pytest.raises(ImproperlyConfigured):
        require_secret_key()
    assert [m.id for m in secret_key_from_environment()] == ["chidao.E001"]


def test_a_long_random_key_is_accepted(settings):
    import secrets

    settings.DEBUG = False
    settings.SECRET_KEY = secrets.token_urlsafe(64)
    settings.SECRET_KEY_FROM_ENV = True
    require_secret_key()
    assert secret_key_from_environment() == []
