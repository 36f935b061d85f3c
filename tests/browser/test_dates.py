"""The one dd/mm/yyyy field in a browser whose language is English or Vietnamese.

A native date input follows the browser's language (mm/dd/yyyy in an English
Chromium): typed 02122026 became 12 February (issue 16). Here the same typing,
and the calendar picker, give 2 December in both, and a date the server cannot
read is refused beside its field with everything typed kept.
"""

from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from chidao.accounts.tests.factories import PASSWORD
from chidao.directives.models import Directive
from chidao.tasks.models import Task

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=["en-US", "vi-VN"])
def localized_page(
    request: pytest.FixtureRequest,
    browser: object,
    live_server: object,
    vp_chuyenvien: object,
) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 1366, "height": 768},
        locale=request.param,
        base_url=live_server.url,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, "vp.chuyenvien", PASSWORD)
    yield page
    context.close()


def test_typed_and_picked_dates_read_day_first_in_any_browser_language(
    localized_page: Page, vp_chuyenvien: object, stc: object, snv: object
) -> None:
    page = localized_page
    page.goto("/van-ban/tao/")
    page.select_option("#id_kind", "cong_van")
    page.fill("#id_number", "3456/UBND-KT")
    # An unreadable date first: refused with a message, nothing typed lost.
    page.fill("#id_issued_on", "31/13/2026")
    page.fill("#id_summary", "Về việc kiểm tra công tác quyết toán vốn đầu tư")
    page.fill("#id_signer", "Lê Văn Phước")
    page.fill("#id_tasks-0-content", "Kiểm tra quyết toán vốn dự án hoàn thành")
    page.select_option("#id_tasks-0-lead_agency", label="Sở Tài chính")
    page.fill("#id_tasks-0-deadline", "02/12/2026")
    page.get_by_role("button", name="Lưu văn bản và nhiệm vụ").click()
    expect(page.locator("#id_issued_on")).to_have_value("31/13/2026")
    expect(page.locator(".field.has-error").first).to_contain_text(
        "31/13/2026 không phải là một ngày có thật (dd/mm/yyyy)."
    )
    expect(page.locator("#id_summary")).to_have_value(
        "Về việc kiểm tra công tác quyết toán vốn đầu tư"
    )
    expect(page.locator("#id_tasks-0-deadline")).to_have_value("02/12/2026")
    assert not Directive.objects.exists()
    # The error summary has the focus; its link takes the officer to the field.
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Ngày ban hành").click()
    expect(page.locator("#id_issued_on")).to_be_focused()

    # ddmmyyyy is read day first too.
    page.fill("#id_issued_on", "15102026")
    page.get_by_role("button", name="Lưu văn bản và nhiệm vụ").click()
    expect(page.locator(".messages")).to_contain_text("Đã tạo văn bản")
    directive = Directive.objects.get()
    assert directive.issued_on == date(2026, 10, 15)
    task = Task.objects.get()
    assert task.deadline == date(2026, 12, 2)

    # Shown again as typed, on the edit page.
    page.goto(f"/nhiem-vu/{task.pk}/sua/")
    deadline = page.locator("#id_deadline")
    expect(deadline).to_have_value("02/12/2026")

    # The picker: open it on 01/12/2026 and pick the 2nd.
    deadline.fill("01/12/2026")
    page.locator(".day-picker-btn").first.click()
    calendar = page.locator(".flatpickr-calendar.open")
    expect(calendar).to_be_visible()
    calendar.locator(
        ".flatpickr-day:not(.prevMonthDay):not(.nextMonthDay)", has_text="2"
    ).first.click()
    expect(deadline).to_have_value("02/12/2026")
    deadline.fill("")
    page.locator(".day-picker-btn").first.click()
    calendar.locator(".flatpickr-next-month").click()
    deadline.fill("05/12/2026")
    page.locator(".day-picker-btn").first.click()  # closes it
    page.locator(".day-picker-btn").first.click()  # opens on the typed day
    calendar.locator(".flatpickr-day.selected").wait_for()
    expect(calendar.locator(".flatpickr-day.selected")).to_have_text("5")
    calendar.locator(
        ".flatpickr-day:not(.prevMonthDay):not(.nextMonthDay)", has_text="2"
    ).first.click()
    expect(deadline).to_have_value("02/12/2026")
    page.get_by_role("button", name="Lưu lại").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu nhiệm vụ.")
    task.refresh_from_db()
    assert task.deadline == date(2026, 12, 2)
