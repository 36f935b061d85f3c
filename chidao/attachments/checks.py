"""Deploy check: production scans every upload with ClamAV (SECURITY.md 40)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def virus_scanner_configured(**kwargs: object) -> list[checks.CheckMessage]:
    if settings.DEBUG or settings.CLAMAV_SOCKET or settings.CLAMAV_TCP:
        return []
    hint = "Set CLAMAV_SOCKET (unix socket) or CLAMAV_TCP (host:port) of the daemon."
    if not settings.ATTACHMENT_SCANNER_REQUIRED:
        # Turned off on purpose (a test server): files are served unscanned.
        return [
            checks.Warning(
                "No virus scanner, and ATTACHMENT_SCANNER_REQUIRED=0: uploads are "
                "served as not virus-scanned.",
                hint=hint,
                id="chidao.W003",
            )
        ]
    return [
        checks.Error(
            "No virus scanner is configured: uploads would wait in quarantine.",
            hint=hint,
            id="chidao.E003",
        )
    ]
