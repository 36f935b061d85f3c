"""An agency officer signs in and sees the home page in Vietnamese."""

import pytest

from chidao.accounts.tests.factories import PASSWORD

from .conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agency_officer_signs_in_and_sees_vietnamese_home(page, stc_chuyenvien):
    page.goto("/")
    assert page.locator("h1").inner_text() == "Đăng nhập"
    assert page.locator("html").get_attribute("lang") == "vi"
    screenshot(page, "sign-in")

    sign_in(page, "stc.chuyenvien", PASSWORD)

    # The home of an agency officer is the Vietnamese inbox (or the welcome page).
    header = page.locator("header").inner_text()
    assert "Đặng Thị Mai" in header
    assert "Sở Tài chính" in header
    footer = page.locator("footer").inner_text()
    assert footer == "ChiDao: theo dõi nhiệm vụ do UBND tỉnh giao"
    assert "Đăng xuất" in page.content()
    screenshot(page, "home-agency-officer")


def test_wrong_password_shows_the_same_message_in_vietnamese(page, stc_chuyenvien):
    sign_in(page, "stc.chuyenvien", "not-the-password")

    assert "Tên đăng nhập hoặc mật khẩu không đúng." in page.content()
    assert page.url.endswith("/tai-khoan/dang-nhap/")


def test_pages_break_no_content_security_policy_rule(page, stc_chuyenvien):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, "stc.chuyenvien", PASSWORD)
    for path in ["/nhiem-vu/", "/lich/", "/thong-bao/", "/tai-khoan/doi-mat-khau/"]:
        page.goto(path)
        page.wait_for_load_state("networkidle")

    assert [e for e in errors if "Content Security Policy" in e] == []
