"""The directive form in the browser: one task row added or removed in place,
fields that follow the kind of task (issue 16)."""

import pytest
from playwright.sync_api import Page, expect

from chidao.accounts.tests.factories import PASSWORD
from chidao.tasks.models import Task

from .conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_rows_are_added_and_removed_in_place_and_follow_their_kind(
    page: Page, vp_chuyenvien: object, stc: object, snv: object
) -> None:
    sign_in(page, "vp.chuyenvien", PASSWORD)
    page.goto("/van-ban/tao/")
    rows = page.locator("#task-rows .task-row")
    expect(rows).to_have_count(3)
    page.fill("#id_tasks-0-content", "Rà soát kế hoạch vốn")
    page.get_by_role("button", name="Thêm dòng nhiệm vụ").click()
    expect(rows).to_have_count(4)
    expect(page.locator("#id_tasks-TOTAL_FORMS")).to_have_value("4")
    expect(page.locator("#id_tasks-3-content")).to_be_focused()
    # Nothing typed was lost: no reload.
    expect(page.locator("#id_tasks-0-content")).to_have_value("Rà soát kế hoạch vốn")
    page.locator("#task-row-2").get_by_role("button", name="Bỏ dòng này").click()
    expect(rows).to_have_count(3)

    # A periodic task has a period, not a deadline.
    deadline = page.locator("#id_tasks-3-deadline")
    period = page.locator("#id_tasks-3-period")
    expect(deadline).to_be_visible()
    expect(period).to_be_hidden()
    page.select_option("#id_tasks-3-kind", "periodic_report")
    expect(deadline).to_be_hidden()
    expect(period).to_be_visible()

    page.select_option("#id_kind", "cong_van")
    page.fill("#id_number", "3456/UBND-KT")
    page.fill("#id_issued_on", "15/10/2026")
    page.fill("#id_summary", "Về việc giải ngân vốn đầu tư công")
    page.fill("#id_signer", "Lê Văn Phước")
    page.select_option("#id_tasks-0-lead_agency", label="Sở Tài chính")
    page.fill("#id_tasks-0-deadline", "02/12/2026")
    # Cooperating agencies: a searchable list, found without accents.
    search = page.locator("#task-row-1 .ts-control input")
    search.fill("noi vu")
    page.locator(".ts-dropdown .option", has_text="Sở Nội vụ").first.click()
    expect(page.locator("#task-row-1 .ts-control .item")).to_have_text(["Sở Nội vụ×"])
    page.fill("#id_tasks-3-content", "Báo cáo giải ngân hằng quý")
    page.select_option("#id_tasks-3-lead_agency", label="Sở Nội vụ")
    page.select_option("#id_tasks-3-period", "quarter")
    screenshot(page, "directive-form-filled-after")
    page.get_by_role("button", name="Lưu văn bản và nhiệm vụ").click()
    expect(page.locator(".messages")).to_contain_text("Đã tạo văn bản và 2 nhiệm vụ")
    kinds = list(Task.objects.order_by("id").values_list("kind", "period"))
    assert kinds == [("deadline_report", ""), ("periodic_report", "quarter")]
    first = Task.objects.order_by("id").first()
    assert [a.name for a in first.cooperating_agencies.all()] == ["Sở Nội vụ"]
