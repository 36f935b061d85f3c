"""Password strength (SECURITY.md 13, 14, 19)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from chidao.settings import base


@pytest.mark.parametrize(
    "password",
    [
        "Short-Pw-12!",  # under 14 characters
        "Abcdefghijk12!"[:13],  # 13 characters
        "lowercase-only-and-digits-123",  # three kinds only
        "password123456",  # common
        "NoDigitsOrSymbolsHere",
    ],
)
def test_line_13_14_weak_passwords_are_refused(password, stc_chuyenvien):
    with pytest.raises(ValidationError):
        validate_password(password, stc_chuyenvien)


def test_line_13_a_password_like_the_user_name_is_refused(stc_chuyenvien):
    with pytest.raises(ValidationError):
        validate_password("Stc.Chuyenvien-1", stc_chuyenvien)


def test_line_13_a_long_passphrase_is_accepted(stc_chuyenvien):
    validate_password(
        "Hom nay troi dep, 28/11, chung toi di lam viec! " + "X" * 16, stc_chuyenvien
    )


def test_line_19_passwords_are_hashed_with_argon2_in_production_settings():
    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
