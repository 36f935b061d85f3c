"""The whole workflow in the browser, as the Office and a department live it.

The Office records a directive with two tasks on one page and hands them over;
the department accepts one and returns the other with a reason; the Office
revises and hands it over again; the department reports done; the Office
confirms. Each step is checked on the page, and the timeline tells the story.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from chidao.accounts.tests.factories import PASSWORD
from chidao.tasks.models import Task

from .axe import severe_violations
from .conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page: Page, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, username, PASSWORD)


def _message(page: Page, text: str) -> None:
    expect(page.locator(".messages")).to_contain_text(text)


def _state(page: Page, text: str) -> None:
    expect(page.locator("#task-state")).to_have_text(text)
    # Every task page of the walk is checked by axe-core as it stands.
    assert severe_violations(page) == []


def test_directive_to_confirmed_task_in_the_browser(
    page: Page,
    vp_chuyenvien: object,
    stc_chuyenvien: object,
    stc: object,
    snv: object,
) -> None:
    # Hand-overs and confirmations ask "are you sure?" first.
    page.on("dialog", lambda dialog: dialog.accept())
    today = timezone.localdate()
    deadline = today + timedelta(days=30)

    # The Office records the directive and its two tasks on one page.
    _as(page, "vp.chuyenvien")
    page.goto("/van-ban/tao/")
    expect(page.locator("h1")).to_have_text("Nhập văn bản mới")
    assert severe_violations(page) == []
    page.select_option("#id_kind", "cong_van")
    page.fill("#id_number", "3456/UBND-KT")
    page.fill("#id_issued_on", today.isoformat())
    page.fill("#id_summary", "Về việc kiểm tra công tác quyết toán vốn đầu tư")
    page.fill("#id_signer", "Lê Văn Phước")
    page.fill("#id_tasks-0-content", "Kiểm tra quyết toán vốn dự án hoàn thành")
    page.select_option("#id_tasks-0-lead_agency", label="Sở Tài chính")
    page.fill("#id_tasks-0-deadline", deadline.isoformat())
    page.fill("#id_tasks-1-content", "Rà soát biên chế các ban quản lý dự án")
    page.select_option("#id_tasks-1-lead_agency", label="Sở Tài chính")
    page.fill("#id_tasks-1-deadline", deadline.isoformat())
    screenshot(page, "directive-create")
    page.get_by_role("button", name="Lưu văn bản và nhiệm vụ").click()
    _message(page, "Đã tạo văn bản và 2 nhiệm vụ (dự thảo).")
    expect(page.locator("h1")).to_have_text("Công văn 3456/UBND-KT")
    page.get_by_role("button", name="Chuyển theo dõi").click()
    _message(page, "Đã chuyển theo dõi 2 nhiệm vụ.")
    first, second = Task.objects.order_by("id")

    # The department accepts one task and returns the other with a reason.
    _as(page, "stc.chuyenvien")
    page.goto(f"/nhiem-vu/{first.pk}/")
    _state(page, "Đã chuyển theo dõi")
    page.get_by_role("button", name="Tiếp nhận").click()
    _message(page, "Đã tiếp nhận nhiệm vụ.")
    _state(page, "Đã tiếp nhận")

    page.goto(f"/nhiem-vu/{second.pk}/")
    page.locator("#action-return summary").click()
    page.fill("#id_return-reason", "Biên chế thuộc chức năng của Sở Nội vụ.")
    page.locator("#action-return button[type=submit]").click()
    _message(page, "Đã trả lại nhiệm vụ cho Văn phòng.")
    _state(page, "Bị trả lại")

    # The Office revises the returned task and hands it over again.
    _as(page, "vp.chuyenvien")
    page.goto(f"/nhiem-vu/{second.pk}/")
    page.get_by_role("button", name="Nhận lại để chỉnh sửa").click()
    _state(page, "Dự thảo")
    page.get_by_role("link", name="Sửa thông tin nhiệm vụ").click()
    page.fill("#id_content", "Rà soát biên chế ban quản lý dự án thuộc Sở Tài chính")
    page.get_by_role("button", name="Lưu").click()
    _message(page, "Đã lưu nhiệm vụ.")
    page.get_by_role("button", name="Chuyển theo dõi").click()
    _state(page, "Đã chuyển theo dõi")

    # The department accepts it, and reports the first task done.
    _as(page, "stc.chuyenvien")
    page.goto(f"/nhiem-vu/{second.pk}/")
    page.get_by_role("button", name="Tiếp nhận").click()
    _state(page, "Đã tiếp nhận")
    page.goto(f"/nhiem-vu/{first.pk}/")
    page.locator("#action-report summary").click()
    page.fill("#id_report-text", "Đã kiểm tra 12 dự án, kết quả gửi kèm.")
    page.check("#id_report-done")
    page.fill("#id_report-completed_on", today.isoformat())
    page.locator("#action-report button[type=submit]").click()
    _message(page, "Đã ghi nhận báo cáo.")
    _state(page, "Đã báo cáo hoàn thành")

    # The Office confirms; the page shows the status and the whole story.
    _as(page, "vp.chuyenvien")
    page.goto(f"/nhiem-vu/{first.pk}/")
    page.get_by_role("button", name="Xác nhận hoàn thành").click()
    _message(page, "Đã xác nhận hoàn thành nhiệm vụ.")
    _state(page, "Đã xác nhận hoàn thành")
    expect(page.locator(".task-status .status")).to_have_text("Hoàn thành đúng hạn")
    steps = page.locator("#timeline li strong").all_inner_texts()
    assert steps == [
        "Tạo mới",
        "Đã chuyển theo dõi",
        "Đã tiếp nhận",
        "Báo cáo tiến độ",
        "Đã xác nhận hoàn thành",
    ]
    expect(page.locator("#timeline")).to_contain_text("Đặng Thị Mai")
    expect(page.locator("#timeline")).to_contain_text("Phạm Minh Tuấn")
    screenshot(page, "task-confirmed")

    page.goto(f"/nhiem-vu/{second.pk}/")
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("Bị trả lại")
    expect(timeline).to_contain_text("Biên chế thuộc chức năng của Sở Nội vụ.")
    expect(timeline).to_contain_text("Chỉnh sửa để chuyển lại")
    assert page.locator("#timeline li strong").all_inner_texts() == [
        "Tạo mới",
        "Đã chuyển theo dõi",
        "Bị trả lại",
        "Chỉnh sửa để chuyển lại",
        "Chỉnh sửa",
        "Đã chuyển theo dõi",
        "Đã tiếp nhận",
    ]
