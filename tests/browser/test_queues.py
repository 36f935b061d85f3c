"""The queues in the browser: what is to be decided, decided where it is shown
(issue 16). The Office hands two drafts over at once after a confirmation
that says how many go to whom; the department accepts one from its inbox
without leaving it, and the others in bulk."""

import pytest
from playwright.sync_api import Page, expect

from chidao.accounts.tests.factories import PASSWORD
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import DirectiveFactory, TaskFactory

from .axe import severe_violations
from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

S = Task.State


def test_bulk_hand_over_then_accept_from_the_inbox(
    page: Page, vp_chuyenvien: object, stc_chuyenvien: object, stc: object
) -> None:
    directive = DirectiveFactory(number="312/TB-VP")
    drafts = [
        TaskFactory(directive=directive, lead_agency=stc, content=f"Việc số {n}")
        for n in range(3)
    ]
    sign_in(page, "vp.chuyenvien", PASSWORD)
    page.goto("/nhiem-vu/viec-cua-toi/")
    queue = page.locator("#q-handover")
    expect(queue).to_contain_text("Hạn chuyển theo dõi")
    for task in drafts:
        queue.get_by_role(
            "checkbox", name=f"Chọn: 312/TB-VP Việc số {drafts.index(task)}"
        ).check()
    page.get_by_role("button", name="Chuyển theo dõi các nhiệm vụ đã chọn…").click()
    expect(page.locator("main")).to_contain_text("Chuyển theo dõi: 3 nhiệm vụ, cho:")
    assert severe_violations(page) == []
    assert {t.state for t in Task.objects.all()} == {S.DRAFT}
    page.get_by_role("button", name="Xác nhận: Chuyển theo dõi").click()
    expect(page.locator(".messages")).to_contain_text(
        "Chuyển theo dõi: đã thực hiện cho 3 nhiệm vụ."
    )
    assert {t.state for t in Task.objects.all()} == {S.HANDED_OVER}

    page.context.clear_cookies()
    sign_in(page, "stc.chuyenvien", PASSWORD)
    page.goto("/nhiem-vu/duoc-giao/")
    new = page.locator("#q-new")
    new.locator("tr", has_text="Việc số 0").get_by_role(
        "button", name="Tiếp nhận"
    ).click()
    expect(page.locator(".messages")).to_contain_text("Đã tiếp nhận nhiệm vụ.")
    expect(page).to_have_url("/nhiem-vu/duoc-giao/")
    assert Task.objects.get(pk=drafts[0].pk).state == S.ACCEPTED
    for n in (1, 2):
        page.locator("#q-new").get_by_role(
            "checkbox", name=f"Chọn: 312/TB-VP Việc số {n}"
        ).check()
    page.get_by_role("button", name="Tiếp nhận các nhiệm vụ đã chọn…").click()
    page.get_by_role("button", name="Xác nhận: Tiếp nhận").click()
    expect(page.locator(".messages")).to_contain_text("Tiếp nhận: đã thực hiện cho 2")
    assert {t.state for t in Task.objects.all()} == {S.ACCEPTED}
