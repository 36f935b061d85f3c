"""Background jobs of the accounts app (Django's Tasks API)."""

from django.utils import timezone
from django_tasks import task as job

from .services import disable_idle_accounts


@job()
def disable_idle_accounts_job() -> int:
    """Nightly: deactivate accounts idle for more than 45 days (TCVN 4.6.2.3)."""
    return len(disable_idle_accounts(today=timezone.localdate()))
