"""Production refuses what a demo allows (SECURITY.md 25, 27, 40, 49, 60).

`manage.py check --deploy --fail-level WARNING` passes with the values of a
deployment, and fails on a demo or default account, a missing virus scanner,
logs that stay on the host or are kept too briefly, and an unsynchronised
clock.
"""

import io
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command

from chidao.accounts.checks import default_accounts, no_default_accounts
from chidao.accounts.importing import import_users
from chidao.accounts.tests.factories import UserFactory
from chidao.attachments.checks import virus_scanner_configured
from chidao.lib import checks as lib_checks


@pytest.fixture(autouse=True)
def _english() -> object:
    """Messages are matched in English here; the catalogue test checks vi."""
    from django.utils import translation

    with translation.override("en"):
        yield


DEPLOYMENT = {
    "DJANGO_SECRET_KEY": "dS8-k2Jq7zLw0pXv3NfR9tYb6HcM1eGa4UoIiQ5rTsWnB-test-only",
    "DJANGO_ALLOWED_HOSTS": "chidao.example.gov.vn",
    "DJANGO_DEBUG": "0",
    "CLAMAV_TCP": "127.0.0.1:3310",
    "LOG_SYSLOG_ADDRESS": "127.0.0.1:514",
    "REQUIRE_NTP_SYNC": "0",
}


def deploy_check(tmp_path: Path, **overrides: str) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "CLAMAV_", "LOG_", "DATABASE_URL"))
    }
    env.update(DEPLOYMENT, DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    env.update(overrides)
    env["DJANGO_SETTINGS_MODULE"] = "chidao.settings.base"
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_line_27_production_settings_pass_the_deploy_checks(tmp_path: Path) -> None:
    done = deploy_check(tmp_path)
    assert done.returncode == 0, done.stderr
    assert not getattr(settings, "SILENCED_SYSTEM_CHECKS", [])


def test_line_27_without_a_virus_scanner_the_deploy_check_fails(
    tmp_path: Path,
) -> None:
    done = deploy_check(tmp_path, CLAMAV_TCP="")
    assert done.returncode != 0
    assert "chidao.E003" in done.stderr


@pytest.mark.parametrize("name", ["admin", "root", "test", "Admin"])
def test_line_25_a_default_account_fails_the_deploy_check(db, vp, name: str) -> None:
    UserFactory(username=name, agency=vp)
    assert [m.id for m in no_default_accounts()] == ["chidao.E002"]


def test_line_25_a_password_equal_to_the_user_name_fails_it(db, vp) -> None:
    user = UserFactory(username="nguyen.van.a", agency=vp)
    user.set_password("nguyen.van.a")
    user.save()
    assert default_accounts() == ["nguyen.van.a (default password)"]


def test_line_25_the_demo_accounts_fail_it(db) -> None:
    call_command("seed_demo", "--allow-production", stdout=io.StringIO())
    found = default_accounts()
    assert "admin (reserved name)" in found
    assert "chutich (default password)" in found


def test_line_25_in_debug_mode_the_demo_may_run(db, vp, settings) -> None:
    UserFactory(username="admin", agency=vp)
    settings.DEBUG = True
    assert no_default_accounts() == []
    settings.DEBUG = False
    settings.DEMO_ACCOUNTS_ALLOWED = True  # a throw-away server, said aloud
    assert [m.id for m in no_default_accounts()] == ["chidao.W002"]


def test_line_25_personal_accounts_only_one_agency_each(db) -> None:
    call_command("seed_demo", "--allow-production", stdout=io.StringIO())
    from chidao.accounts.models import User

    active = User.objects.filter(is_active=True)
    assert not active.filter(agency__isnull=True).exists()
    emails = list(active.values_list("email", flat=True))
    assert len(emails) == len(set(emails))


def _csv(rows: str) -> io.BytesIO:
    return io.BytesIO(("ten_dang_nhap,ho_va_ten,ma_co_quan,vai_tro\n" + rows).encode())


@pytest.mark.parametrize(
    ("username", "says"),
    [
        ("x" * 300, "longer than 150"),
        ("root", "reserved"),
        ("quantri", "reserved"),
        ("tên có dấu cách", "may hold only"),
    ],
)
def test_line_25_the_import_refuses_what_the_admin_form_refuses(
    stc, username: str, says: str
) -> None:
    result = import_users(
        _csv(f"{username},Nguyễn Văn A,STC,agency_officer\n"), "a.csv"
    )
    assert result.errors and says in result.errors[0]
    from chidao.accounts.models import User

    assert not User.objects.filter(full_name="Nguyễn Văn A").exists()


def test_line_25_the_import_cannot_make_an_administrator(stc) -> None:
    result = import_users(_csv("stc.moi,Nguyễn Văn Mới,STC,admin\n"), "a.csv")
    assert result.errors and "administrator role" in result.errors[0]


def test_line_25_a_move_by_import_is_said_and_audited(stc, snv, stc_chuyenvien) -> None:
    from chidao.audit.models import AuditEvent

    result = import_users(
        _csv("stc.chuyenvien,Đặng Thị Mai,SNV,agency_lead\n"), "a.csv", by=None
    )
    assert not result.errors
    assert any("moves from agency STC to SNV" in c for c in result.changes)
    assert any("roles agency_officer become agency_lead" in c for c in result.changes)
    event = AuditEvent.objects.get(action="user.import_update")
    assert event.before["agency_id"] == stc.pk and event.after["agency_id"] == snv.pk
    assert event.after["roles"] == ["agency_lead"]


def test_line_40_no_scanner_in_production_fails_the_deploy_check(settings) -> None:
    settings.DEBUG = False
    settings.ATTACHMENT_SCANNER_REQUIRED = True  # the production default
    settings.CLAMAV_SOCKET = settings.CLAMAV_TCP = ""
    assert [m.id for m in virus_scanner_configured()] == ["chidao.E003"]
    settings.ATTACHMENT_SCANNER_REQUIRED = False  # an explicit opt-out warns
    assert [m.id for m in virus_scanner_configured()] == ["chidao.W003"]
    settings.CLAMAV_TCP = "127.0.0.1:3310"
    assert virus_scanner_configured() == []


def test_line_60_an_unsynchronised_clock_fails_the_deploy_check(settings) -> None:
    settings.REQUIRE_NTP_SYNC = True
    with mock.patch.object(lib_checks, "clock_synchronised", return_value=False):
        assert [m.id for m in lib_checks.clock_in_sync()] == ["chidao.W004"]
    with mock.patch.object(lib_checks, "clock_synchronised", return_value=True):
        assert lib_checks.clock_in_sync() == []


def test_line_60_the_clock_probe_answers_without_failing() -> None:
    assert lib_checks.clock_synchronised() in (True, False, None)


def test_line_49_logs_kept_a_year_and_shipped_or_the_check_fails(settings) -> None:
    settings.LOG_RETENTION_DAYS = 364
    settings.LOG_SYSLOG_ADDRESS = ""
    ids = [m.id for m in lib_checks.logs_kept_and_shipped()]
    assert ids == ["chidao.W005", "chidao.W006"]
