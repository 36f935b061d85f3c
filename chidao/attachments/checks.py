"""Deploy check: production scans every upload with ClamAV (SECURITY.md 40)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def virus_scanner_configured(**kwargs: object) -> list[checks.CheckMessage]:
    if settings.DEBUG or settings.CLAMAV_SOCKET or settings.CLAMAV_TCP:
        return []
    return [
        checks.Error(
            "No virus scanner is configured: uploads would wait in quarantine.",
            hint="Set CLAMAV_SOCKET (unix socket) or CLAMAV_TCP (host:port) of "
            "the ClamAV daemon.",
            id="chidao.E003",
        )
    ]
