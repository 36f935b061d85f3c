from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chidao.demo.seed import seed_demo


class Command(BaseCommand):
    help = "Create or refresh the demo province, its accounts and sample work."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even with DJANGO_DEBUG=0 (a throwaway smoke-test database).",
        )

    def handle(self, *args: object, allow_production: bool, **options: object) -> None:
        # The demo accounts share one published password (SECURITY.md 25).
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "seed_demo creates accounts with a published password; it runs only "
                "with DJANGO_DEBUG=1, or with --allow-production on a throwaway "
                "database."
            )
        users = seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Accounts:"))
        for user in users:
            roles = ", ".join(sorted(user.roles))
            self.stdout.write(f"  {user.username:<20} {roles:<20} {user.agency}")
        self.stdout.write(f"Password for every demo account: {settings.DEMO_PASSWORD}")
