"""SECURITY.md 48 names the command `verify_audit_chain`: the same check."""

from .verify_audit import Command  # noqa: F401
