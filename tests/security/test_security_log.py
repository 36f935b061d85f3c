"""Security events are logged as JSON lines without secrets (SECURITY.md 45, 47)."""

import json
import logging

from django.test import Client

from chidao.accounts.tests.factories import PASSWORD

LOGIN = "/tai-khoan/dang-nhap/"


def lines(caplog) -> list[dict]:
    return [
        json.loads(r.getMessage())
        for r in caplog.records
        if r.name == "chidao.security"
    ]


def test_line_45_sign_in_success_and_failure_are_logged(client, stc_chuyenvien, caplog):
    caplog.set_level(logging.INFO, logger="chidao.security")
    client.post(LOGIN, {"username": "stc.chuyenvien", "password": "Xy7!secret-probe"})
    client.post(LOGIN, {"username": "stc.chuyenvien", "password": PASSWORD})

    failure, success = lines(caplog)
    assert (failure["action"], failure["result"]) == ("login", "failure")
    assert (success["action"], success["result"]) == ("login", "success")
    assert success["account"] == "stc.chuyenvien"
    assert success["ip"] == "127.0.0.1"
    assert success["at"].endswith("+07:00")
    assert "Xy7!secret-probe" not in caplog.text


def test_line_47_a_crafted_user_name_stays_on_one_line(client, db, caplog):
    caplog.set_level(logging.INFO, logger="chidao.security")
    client.post(LOGIN, {"username": "evil\r\nFAKE LINE", "password": "x"})
    record = next(r for r in caplog.records if r.name == "chidao.security")
    assert "\n" not in record.getMessage()
    assert json.loads(record.getMessage())["account"] == "evil\r\nFAKE LINE"


def test_line_45_csrf_failure_is_refused_and_logged(stc_chuyenvien, caplog):
    caplog.set_level(logging.INFO, logger="chidao.security")
    client = Client(enforce_csrf_checks=True)
    client.force_login(stc_chuyenvien)
    response = client.post("/tai-khoan/doi-mat-khau/", {"old_password": "x"})
    assert response.status_code == 403
    assert "csrf" in [line["action"] for line in lines(caplog)]
