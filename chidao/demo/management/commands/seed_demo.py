from django.conf import settings
from django.core.management.base import BaseCommand

from chidao.demo.seed import seed_demo


class Command(BaseCommand):
    help = "Create or refresh the demo province, its accounts and sample work."

    def handle(self, *args: object, **options: object) -> None:
        users = seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Accounts:"))
        for user in users:
            roles = ", ".join(sorted(user.roles))
            self.stdout.write(f"  {user.username:<20} {roles:<20} {user.agency}")
        self.stdout.write(f"Password for every demo account: {settings.DEMO_PASSWORD}")
