from django.core.management.base import BaseCommand
from django.utils import timezone

from chidao.accounts.services import disable_idle_accounts


class Command(BaseCommand):
    help = "Deactivate accounts that have not signed in for 45 days (run nightly)."

    def add_arguments(self, parser: object) -> None:
        parser.add_argument("--days", type=int, default=45)

    def handle(self, *args: object, **options: object) -> None:
        names = disable_idle_accounts(
            today=timezone.localdate(), idle_days=options["days"]
        )
        self.stdout.write(f"disabled {len(names)} idle account(s)")
