"""Users: one agency each, roles as groups."""

from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.agencies.models import Agency


class Role(models.TextChoices):
    ADMIN = "admin", _("System administrator")
    OFFICE_LEAD = "office_lead", _("Office lead")
    TRACKING_OFFICER = "tracking_officer", _("Tracking officer")
    AGENCY_LEAD = "agency_lead", _("Agency lead")
    AGENCY_OFFICER = "agency_officer", _("Agency officer")
    LEADER = "leader", _("Leader (Chairman, Vice Chairman)")
    # Reads the audit trail and nothing else of it may change (SECURITY.md 49).
    AUDITOR = "auditor", _("Auditor")


OFFICE_ROLES = frozenset({Role.OFFICE_LEAD, Role.TRACKING_OFFICER})
AGENCY_ROLES = frozenset({Role.AGENCY_LEAD, Role.AGENCY_OFFICER})


class UserQuerySet(models.QuerySet["User"]):
    def with_role(self, *roles: str) -> "UserQuerySet":
        return self.filter(groups__name__in=roles).distinct()

    def of_agency(self, agency_id: int) -> "UserQuerySet":
        return self.filter(agency_id=agency_id, is_active=True)


class ChiDaoUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150)
    title = models.CharField(_("position"), max_length=150, blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    must_change_password = models.BooleanField(
        _("must change password at next sign-in"), default=False
    )
    password_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # NĐ 330 Art. 61.2.c: the user was told that use of the system is logged.
    monitoring_notice_acknowledged_at = models.DateTimeField(
        _("monitoring notice acknowledged at"), null=True, blank=True, editable=False
    )

    # The language this user reads notices in, set when they switch it; empty:
    # the site's (settings.LANGUAGE_CODE).
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )

    objects = ChiDaoUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    @cached_property
    def roles(self) -> frozenset[str]:
        """Role codes of this user, read once per request."""
        names = set(self.groups.values_list("name", flat=True))
        return frozenset(r for r in Role.values if r in names)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_office(self) -> bool:
        """Office staff and leaders see every task (DESIGN.md visibility)."""
        return self.has_role(*OFFICE_ROLES)

    @property
    def reads_all(self) -> bool:
        return self.has_role(*OFFICE_ROLES, Role.LEADER, Role.ADMIN)

    @property
    def is_agency_user(self) -> bool:
        return self.has_role(*AGENCY_ROLES)


def role_group(role: str) -> Group:
    group, _created = Group.objects.get_or_create(name=role)
    return group


class PasswordHistory(models.Model):
    """Hashes of an account's recent passwords (SECURITY.md 17: no reuse of
    the last 10 for administrators)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="password_history"
    )
    encoded = models.CharField(max_length=256)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("previous password")
        verbose_name_plural = _("previous passwords")

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"
