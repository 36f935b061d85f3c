"""Uploads in the browser: a chosen file can be taken off the form, and a
refusal names the file (issue 16)."""

import pytest
from playwright.sync_api import Page, expect

from chidao.accounts.tests.factories import PASSWORD
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import TaskFactory

from .conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_refused_upload_names_the_file_and_a_chosen_file_can_be_removed(
    page: Page, stc_chuyenvien: object, stc: object, tmp_path: object
) -> None:
    task = TaskFactory(lead_agency=stc, state=Task.State.ACCEPTED)
    refused = tmp_path / "bao-cao.html"
    refused.write_text("<html><script>alert(1)</script></html>")
    sign_in(page, "stc.chuyenvien", PASSWORD)
    page.goto(task.get_absolute_url())
    form = page.locator("form.upload-form")
    remove = form.get_by_role("button", name="Bỏ tệp đã chọn")
    expect(remove).to_be_hidden()
    # The file field speaks the page's language, whatever the browser's.
    expect(form.locator(".file-field-btn")).to_have_text("Chọn tệp")
    expect(form.locator(".file-field-name")).to_have_text("Chưa chọn tệp")
    form.locator("input[type=file]").set_input_files(str(refused))
    expect(form.locator(".file-field-name")).to_have_text("bao-cao.html")
    expect(remove).to_be_visible()
    remove.click()
    expect(form.locator("input[type=file]")).to_have_value("")
    expect(remove).to_be_hidden()
    expect(form.locator(".file-field-name")).to_have_text("Chưa chọn tệp")
    form.locator("input[type=file]").set_input_files(str(refused))
    form.get_by_role("button", name="Tải lên").click()
    expect(page.locator(".attachments-panel .msg")).to_contain_text(
        "Tệp “bao-cao.html” bị từ chối"
    )
    screenshot(page, "upload-refused-after")
