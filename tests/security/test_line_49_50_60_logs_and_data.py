"""Logs kept, shipped and read by auditors only; the monitoring notice
(SECURITY.md 49); personal data kept to a minimum (50); time (60)."""

import logging
import re

from django.conf import settings
from django.test import Client
from django.urls import get_resolver

from chidao.accounts.models import Role, User
from chidao.accounts.tests.factories import UserFactory

from .conftest import World


def test_line_49_retention_defaults_to_more_than_a_year() -> None:
    from chidao.settings import base

    assert base.LOG_RETENTION_DAYS >= 365


def test_line_49_with_a_collector_logs_go_to_syslog_and_rotate_a_year(
    monkeypatch, tmp_path
) -> None:  # noqa: ANN001
    import importlib

    import chidao.settings.base as base

    monkeypatch.setenv("LOG_SYSLOG_ADDRESS", "127.0.0.1:514")
    monkeypatch.setenv("LOG_DIR", str(tmp_path))
    try:
        fresh = importlib.reload(base)
        handlers = fresh.LOGGING["handlers"]
        assert handlers["syslog"]["class"] == "logging.handlers.SysLogHandler"
        assert handlers["syslog"]["address"] == ("127.0.0.1", 514)
        assert handlers["file"]["backupCount"] >= 365
        assert set(fresh.LOGGING["root"]["handlers"]) == {"console", "syslog", "file"}
    finally:
        monkeypatch.delenv("LOG_SYSLOG_ADDRESS")
        monkeypatch.delenv("LOG_DIR")
        importlib.reload(base)


def test_line_49_only_auditors_read_the_audit_trail(world: World) -> None:
    for role in ("admin", "office_lead", "leader", "agency_officer"):
        assert world.client(role).get("/nhat-ky-kiem-toan/").status_code == 403, role
    auditor = UserFactory(
        username="kiemtoan", agency=world.agencies["vp"], roles=[Role.AUDITOR]
    )
    client = Client()
    client.force_login(auditor)
    assert client.get("/nhat-ky-kiem-toan/").status_code == 200


def test_line_49_the_first_sign_in_notice_must_be_acknowledged(world: World) -> None:
    user = UserFactory(
        username="moi.vao",
        agency=world.agencies["stc"],
        roles=[Role.AGENCY_OFFICER],
        monitoring_notice_acknowledged_at=None,
    )
    client = Client()
    client.force_login(user)
    response = client.get("/nhiem-vu/")
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/thong-bao-giam-sat/")
    assert client.get("/tai-khoan/thong-bao-giam-sat/").status_code == 200
    done = client.post("/tai-khoan/thong-bao-giam-sat/?next=/nhiem-vu/")
    assert done["Location"] == "/nhiem-vu/"
    user.refresh_from_db()
    assert user.monitoring_notice_acknowledged_at is not None
    assert client.get("/nhiem-vu/").status_code == 200


# Fields a user row may hold: who the person is at work, nothing private.
EXPECTED_USER_FIELDS = {
    "id", "password", "last_login", "is_superuser", "username", "first_name",
    "last_name", "email", "is_staff", "is_active", "date_joined", "full_name",
    "title", "agency", "must_change_password", "password_changed_at",
    "monitoring_notice_acknowledged_at", "language",
}  # fmt: skip
FORBIDDEN = re.compile(r"cccd|cmnd|id_card|identity|birth|dob|address|home|phone")


def test_line_50_user_holds_no_unexpected_personal_data() -> None:
    fields = {f.name for f in User._meta.concrete_fields}
    assert fields == EXPECTED_USER_FIELDS
    assert not [f for f in fields if FORBIDDEN.search(f)]


def test_line_50_no_token_or_personal_data_in_url_patterns() -> None:
    def walk(resolver: object, prefix: str = "") -> list[str]:
        found = []
        for p in resolver.url_patterns:
            route = prefix + str(p.pattern)
            if hasattr(p, "url_patterns"):
                found += walk(p, route)
            else:
                found.append(route)
        return found

    routes = walk(get_resolver())
    risky = [r for r in routes if re.search(r"token>|password>|email>|<str:key", r)]
    assert not risky, risky


def test_line_60_time_zone_and_log_timestamps_carry_the_offset(
    world: World, caplog
) -> None:  # noqa: ANN001
    import json

    assert settings.USE_TZ and settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert "%z" in settings.LOGGING["formatters"]["plain"]["datefmt"]
    with caplog.at_level(logging.INFO, logger="chidao.security"):
        world.client("outsider").get(f"/nhiem-vu/{world.task.pk}/")
    line = next(
        json.loads(r.getMessage())
        for r in caplog.records
        if r.name == "chidao.security" and r.getMessage().startswith("{")
    )
    assert re.search(r"[+-]\d\d:\d\d$", line["at"])


def test_line_60_stored_timestamps_are_utc(world: World) -> None:
    from django.db import connection

    from chidao.audit import services as audit

    event = audit.record("test.event", object_type="x", object_id=1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT at FROM audit_auditevent WHERE id = %s", [event.pk])
        (raw,) = cursor.fetchone()
    text = str(raw)
    assert text.startswith(event.at.strftime("%Y-%m-%d %H:%M")) or text.startswith(
        event.at.strftime("%Y-%m-%dT%H:%M")
    )
    assert event.at.utcoffset().total_seconds() == 0
