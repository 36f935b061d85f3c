"""Import accounts from XLSX/CSV: all rows or none (about 1,000 per province)."""

import secrets
import string
from dataclasses import dataclass, field
from typing import IO

from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.agencies.models import Agency
from chidao.audit import services as audit
from chidao.lib.tabular import RowErrors, TableError, read_rows
from chidao.lib.text import fold

from .checks import RESERVED_USERNAMES
from .models import Role, User
from .services import set_roles

USERNAME_MAX = User._meta.get_field("username").max_length
FULL_NAME_MAX = User._meta.get_field("full_name").max_length
TITLE_MAX = User._meta.get_field("title").max_length

COLUMNS = {
    "username": ("ten_dang_nhap", "username", "tai_khoan"),
    "full_name": ("ho_va_ten", "ho_ten", "full_name"),
    "email": ("email", "thu_dien_tu"),
    "agency": ("ma_co_quan", "co_quan", "agency", "agency_code"),
    "roles": ("vai_tro", "roles", "role"),
    "title": ("chuc_vu", "title", "position"),
}
ROLE_WORDS = {
    **{r.value: r.value for r in Role},
    **{fold(str(r.label)): r.value for r in Role},
    "quan tri he thong": Role.ADMIN,
    "lanh dao van phong": Role.OFFICE_LEAD,
    "chuyen vien theo doi": Role.TRACKING_OFFICER,
    "lanh dao co quan": Role.AGENCY_LEAD,
    "chuyen vien co quan": Role.AGENCY_OFFICER,
    "lanh dao ubnd": Role.LEADER,
}


@dataclass
class UserImportResult:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)
    # What the import changed on existing accounts: agency and roles, said aloud.
    changes: list[str] = field(default_factory=list)
    # One-time passwords of new accounts, to hand over out of band.
    initial_passwords: dict[str, str] = field(default_factory=dict)


def pick(row: dict[str, str], name: str) -> str:
    for header in COLUMNS[name]:
        if row.get(header):
            return row[header]
    return ""


def initial_password() -> str:
    alphabet = string.ascii_letters + string.digits
    while True:
        body = "".join(secrets.choice(alphabet) for _ in range(14))
        candidate = f"{body}!{secrets.randbelow(10)}"
        if any(c.islower() for c in body) and any(c.isupper() for c in body):
            return candidate


def _username_errors(username: str) -> list[str]:
    """The admin form's rules for a user name, plus the reserved names."""
    if len(username) > USERNAME_MAX:
        return [
            _("the user name is longer than %(max)d characters.")
            % {"max": USERNAME_MAX}
        ]
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        return [
            _("the user name %(name)s may hold only letters, digits and @ . + - _.")
            % {"name": username}
        ]
    if username.lower() in RESERVED_USERNAMES:
        # SECURITY.md 25: one account per person, no default or shared names.
        return [
            _("the user name %(name)s is reserved; use the person's own name.")
            % {"name": username}
        ]
    return []


def import_users(
    upload: IO[bytes], filename: str, *, by: User | None = None
) -> UserImportResult:
    """Create or update accounts by user name; refuse the file on any bad row."""
    errors = RowErrors()
    try:
        rows = list(read_rows(upload, filename))
    except TableError as exc:
        return UserImportResult(errors=[str(exc)])
    agencies = {a.code: a for a in Agency.objects.all()}
    seen: set[str] = set()
    parsed = []
    for number, row in rows:
        username = pick(row, "username")
        agency = agencies.get(pick(row, "agency"))
        roles = []
        for word in filter(None, (w.strip() for w in pick(row, "roles").split(","))):
            role = ROLE_WORDS.get(fold(word))
            if role is None:
                errors.add(number, _("unknown role “%(role)s”.") % {"role": word})
            elif role == Role.ADMIN:
                # Administrators are made one by one in the admin pages (MFA).
                errors.add(number, _("the administrator role cannot be imported."))
            else:
                roles.append(role)
        if not username:
            errors.add(number, _("the user name is missing."))
        elif username in seen:
            errors.add(
                number, _("the user name %(name)s appears twice.") % {"name": username}
            )
        for message in _username_errors(username) if username else []:
            errors.add(number, message)
        seen.add(username)
        if not pick(row, "full_name"):
            errors.add(number, _("the full name is missing."))
        elif len(pick(row, "full_name")) > FULL_NAME_MAX:
            errors.add(number, _("the full name is too long."))
        if len(pick(row, "title")) > TITLE_MAX:
            errors.add(number, _("the position is too long."))
        if agency is None:
            errors.add(
                number,
                _("the agency code “%(code)s” does not exist.")
                % {"code": pick(row, "agency")},
            )
        if not roles and not pick(row, "roles"):
            errors.add(number, _("at least one role is required."))
        email = pick(row, "email")
        if email:
            try:
                if len(email) > 254:
                    raise ValidationError("too long")
                validate_email(email)
            except ValidationError:
                errors.add(number, _("the e-mail address is not valid."))
        parsed.append(
            (username, pick(row, "full_name"), email, pick(row, "title"), agency, roles)
        )
    if errors:
        return UserImportResult(errors=errors.as_text())
    return _write(parsed, by=by)


@transaction.atomic
def _write(parsed: list[tuple], *, by: User | None) -> UserImportResult:
    result = UserImportResult()
    for username, full_name, email, title, agency, roles in parsed:
        user = User.objects.filter(username=username).first()
        before = {}
        if user is not None:
            before = {
                **audit.snapshot(user, ["full_name", "email", "title", "agency_id"]),
                "roles": sorted(user.groups.values_list("name", flat=True)),
                "is_active": user.is_active,
            }
        if user is None:
            # The one-time password is valid for 72 hours (accounts/backends.py).
            user = User(
                username=username,
                must_change_password=True,
                password_changed_at=timezone.now(),
            )
            password = initial_password()
            validate_password(password, user)
            user.set_password(password)
            result.initial_passwords[username] = password
            result.created += 1
        else:
            result.updated += 1
        user.full_name, user.email, user.title, user.agency = (
            full_name,
            email,
            title,
            agency,
        )
        user.save()
        set_roles(user, roles)
        after = {
            **audit.snapshot(user, ["full_name", "email", "title", "agency_id"]),
            "roles": sorted(set(roles)),
            "is_active": user.is_active,
        }
        old, new = audit.diff(before, after)
        if before and (old or new):
            result.changes.extend(_said_aloud(username, before, after))
        if old or new:
            audit.record(
                "user.import_update" if before else "user.import_create",
                obj=user,
                by=by,
                before=old,
                after=new,
            )
    return result


def _said_aloud(username: str, before: dict, after: dict) -> list[str]:
    """The agency and role changes of one existing account, as sentences."""
    said = []
    if before["agency_id"] != after["agency_id"]:
        names = dict(
            Agency.objects.filter(
                pk__in=[before["agency_id"], after["agency_id"]]
            ).values_list("pk", "code")
        )
        said.append(
            _("%(name)s moves from agency %(old)s to %(new)s.")
            % {
                "name": username,
                "old": names.get(before["agency_id"], "—"),
                "new": names.get(after["agency_id"], "—"),
            }
        )
    if before["roles"] != after["roles"]:
        said.append(
            _("%(name)s: roles %(old)s become %(new)s.")
            % {
                "name": username,
                "old": ", ".join(before["roles"]) or "—",
                "new": ", ".join(after["roles"]) or "—",
            }
        )
    return said
