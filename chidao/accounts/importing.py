"""Import accounts from XLSX/CSV: all rows or none (about 1,000 per province)."""

import secrets
import string
from dataclasses import dataclass, field
from typing import IO

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.agencies.models import Agency
from chidao.lib.tabular import RowErrors, TableError, read_rows
from chidao.lib.text import fold

from .models import Role, User
from .services import set_roles

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


def import_users(upload: IO[bytes], filename: str) -> UserImportResult:
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
            else:
                roles.append(role)
        if not username:
            errors.add(number, _("the user name is missing."))
        elif username in seen:
            errors.add(
                number, _("the user name %(name)s appears twice.") % {"name": username}
            )
        seen.add(username)
        if not pick(row, "full_name"):
            errors.add(number, _("the full name is missing."))
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
                validate_email(email)
            except ValidationError:
                errors.add(number, _("the e-mail address is not valid."))
        parsed.append(
            (username, pick(row, "full_name"), email, pick(row, "title"), agency, roles)
        )
    if errors:
        return UserImportResult(errors=errors.as_text())
    return _write(parsed)


@transaction.atomic
def _write(parsed: list[tuple]) -> UserImportResult:
    result = UserImportResult()
    for username, full_name, email, title, agency, roles in parsed:
        user = User.objects.filter(username=username).first()
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
    return result
