"""Sign an admin in past the second factor (SECURITY.md 18), for admin pages."""

from chidao.accounts.tests.factories import verify_mfa as verify_admin  # noqa: F401
