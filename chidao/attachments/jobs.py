"""Background scans through Django's Tasks API: load by id, call a service."""

from django.utils import timezone
from django_tasks import task as job  # "task" means a Task in this project

from . import services
from .models import Attachment


@job()
def scan_attachment(attachment_id: int) -> str:
    """Scan one quarantined file again; returns its status afterwards."""
    attachment = Attachment.objects.get(pk=attachment_id)
    return services.rescan(attachment, now=timezone.now()).status


@job()
def rescan_quarantined() -> dict[str, int]:
    """Retry every file waiting for a scan (e.g. after ClamAV came back)."""
    return services.rescan_waiting(now=timezone.now())


@job()
def verify_stored_files() -> int:
    """Nightly integrity check; returns how many files no longer match."""
    now = timezone.now()
    return sum(
        not services.verify_integrity(attachment, now=now)
        for attachment in Attachment.objects.servable()
    )


@job()
def remove_orphan_files() -> int:
    """Nightly: delete stored files that no row names (a killed upload); a count."""
    return len(services.remove_orphan_files(now=timezone.now()))
