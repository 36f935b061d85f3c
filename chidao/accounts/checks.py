"""Deploy check: no demo, default or shared account in production (SECURITY.md 25)."""

from django.conf import settings
from django.core import checks
from django.db import DatabaseError

# Names that belong to nobody in particular; refused by the import too.
RESERVED_USERNAMES = frozenset(
    {
        "admin",
        "administrator",
        "root",
        "test",
        "tester",
        "demo",
        "guest",
        "user",
        "superuser",
        "quantri",
        "system",
    }
)


def default_accounts() -> list[str]:
    """Active accounts with a reserved name, the demo password, or a password
    equal to the user name."""
    from .models import User

    found = []
    users = User.objects.filter(is_active=True).only("username", "password")
    for user in users.iterator(chunk_size=500):
        name = user.username
        if name.lower() in RESERVED_USERNAMES:
            found.append(f"{name} (reserved name)")
        elif user.check_password(name) or user.check_password(settings.DEMO_PASSWORD):
            found.append(f"{name} (default password)")
    return found


@checks.register(checks.Tags.security, deploy=True)
def no_default_accounts(**kwargs: object) -> list[checks.CheckMessage]:
    if settings.DEBUG:
        return []
    try:
        found = default_accounts()
    except DatabaseError:
        # No database yet (a fresh install): no accounts, nothing to refuse.
        return []
    if not found:
        return []
    text = "Demo or default accounts exist: " + ", ".join(found[:20])
    hint = (
        "Delete or rename them and give each person an own account "
        "(TCVN 4.6.2.3). `manage.py seed_demo` is for DEBUG only."
    )
    if settings.DEMO_ACCOUNTS_ALLOWED:
        # A throw-away server that says so (DEMO_ACCOUNTS_ALLOWED=1).
        return [checks.Warning(text, hint=hint, id="chidao.W002")]
    return [checks.Error(text, hint=hint, id="chidao.E002")]
