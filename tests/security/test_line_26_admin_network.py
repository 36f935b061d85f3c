"""The admin answers only to allow-listed addresses, read through trusted
proxies only (SECURITY.md 26; ASVS 15.3.4).

Behind the reverse proxy every request comes from the proxy's address: the
client's own is in X-Forwarded-For, which only the proxies named in
TRUSTED_PROXIES may write. The same address keys the lockout and the log.
"""

import json
import logging

import pytest
from django.test import RequestFactory, override_settings

from chidao.lib.net import client_ip

PROXY = "10.1.2.3"
OUTSIDE = "203.0.113.9"
OFFICE = "192.168.5.20"


def test_line_26_admin_is_404_outside_the_allowed_networks(client, admin_user) -> None:
    from tests.security.mfa import verify_admin

    verify_admin(client, admin_user)
    assert client.get("/quan-tri/", REMOTE_ADDR="127.0.0.1").status_code == 200
    assert client.get("/quan-tri/", REMOTE_ADDR=OUTSIDE).status_code == 404


def test_line_26_the_plain_admin_path_does_not_exist(client, admin_user) -> None:
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 404


@override_settings(
    TRUSTED_PROXIES=["10.1.0.0/16"], ADMIN_ALLOWED_NETS=["192.168.0.0/16"]
)
def test_line_26_behind_the_proxy_the_forwarded_address_decides(
    client, admin_user
) -> None:
    from tests.security.mfa import verify_admin

    verify_admin(client, admin_user)
    inside = client.get("/quan-tri/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OFFICE)
    outside = client.get("/quan-tri/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OUTSIDE)
    assert inside.status_code == 200
    assert outside.status_code == 404


@override_settings(
    TRUSTED_PROXIES=["10.1.0.0/16"], ADMIN_ALLOWED_NETS=["192.168.0.0/16"]
)
def test_line_26_a_spoofed_header_from_an_untrusted_source_is_ignored(
    client, admin_user
) -> None:
    from tests.security.mfa import verify_admin

    verify_admin(client, admin_user)
    response = client.get(
        "/quan-tri/", REMOTE_ADDR=OUTSIDE, HTTP_X_FORWARDED_FOR=OFFICE
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        (OUTSIDE, OFFICE, OUTSIDE),  # not from a proxy: the header is ignored
        (PROXY, OFFICE, OFFICE),
        (PROXY, f"{OFFICE}, 10.1.9.9", OFFICE),  # two trusted hops
        (PROXY, f"6.6.6.6, {OFFICE}", OFFICE),  # the client's own prefix is ignored
        (PROXY, "", PROXY),
        (PROXY, "not-an-ip", PROXY),
    ],
)
@override_settings(TRUSTED_PROXIES=["10.1.0.0/16"])
def test_line_26_client_ip_trusts_only_the_proxies(
    remote: str, forwarded: str, expected: str
) -> None:
    request = RequestFactory().get(
        "/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded
    )
    assert client_ip(request) == expected


def test_line_26_without_trusted_proxies_the_header_is_never_read() -> None:
    request = RequestFactory().get(
        "/", REMOTE_ADDR=OUTSIDE, HTTP_X_FORWARDED_FOR=OFFICE
    )
    assert client_ip(request) == OUTSIDE


@override_settings(TRUSTED_PROXIES=["10.1.0.0/16"])
def test_line_26_lockout_and_security_log_use_the_same_address(
    client, stc_chuyenvien, caplog
) -> None:
    from axes.models import AccessAttempt
    from django.conf import settings

    with caplog.at_level(logging.INFO, logger="chidao.security"):
        client.post(
            "/tai-khoan/dang-nhap/",
            {"username": "stc.chuyenvien", "password": "wrong"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=OFFICE,
        )
    assert settings.AXES_CLIENT_IP_CALLABLE == "chidao.lib.net.axes_client_ip"
    assert AccessAttempt.objects.get().ip_address == OFFICE
    lines = [
        json.loads(r.getMessage())
        for r in caplog.records
        if r.name == "chidao.security"
    ]
    assert any(line["ip"] == OFFICE and line["action"] == "login" for line in lines)


@override_settings(TRUSTED_PROXIES=["10.1.0.0/16"])
def test_line_26_a_forged_header_cannot_lock_out_a_user_elsewhere(
    client, stc_chuyenvien
) -> None:
    from chidao.accounts.tests.factories import PASSWORD

    for _ in range(6):
        client.post(
            "/tai-khoan/dang-nhap/",
            {"username": "stc.chuyenvien", "password": "wrong"},
            REMOTE_ADDR=OUTSIDE,
            HTTP_X_FORWARDED_FOR=OFFICE,
        )
    # The attacker's failures count against their own address, not the office's.
    response = client.post(
        "/tai-khoan/dang-nhap/",
        {"username": "stc.chuyenvien", "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=OFFICE,
    )
    assert response.status_code == 302
