"""Going live in the browser: a tracking list imported after its dry run, and a
directive received from the document system (edXML), reviewed and confirmed.

`CHIDAO_SCREENSHOTS=1` keeps docs/screenshots/import-dry-run.png and
edxml-review.png.
"""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from chidao.accounts.tests.factories import PASSWORD
from chidao.agencies.models import Agency
from chidao.directives.models import Directive
from chidao.imports.tests.messages import File, Message, directive_docx
from chidao.imports.tests.spreadsheets import legacy_file, odd_row
from chidao.tasks.models import Task

from .conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def office(vp_chuyenvien, vp_lanhdao, stc_chuyenvien, snv_chuyenvien, stc, snv):
    stc.electronic_code = "000.00.15.H41"
    stc.save(update_fields=["electronic_code"])
    Agency.objects.filter(code="UBND").update(electronic_code="000.00.00.H41")
    return vp_chuyenvien


def _with_a_bad_row() -> bytes:
    """The realistic file plus a row naming an agency ChiDao does not know."""
    good = legacy_file()
    book = load_workbook(io.BytesIO(good))
    book["2025"].append(
        odd_row(
            5,
            "Kiểm tra công tác phòng cháy tại các khu du lịch",
            "Sở Du lịch",
            "1234/UBND-KT",
            "02/04/2025",
            deadline="Quý IV/2025",
        )
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_tracking_list_is_checked_then_imported(page: Page, office) -> None:
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, "vp.chuyenvien", PASSWORD)
    page.goto("/nhap-lieu/")
    expect(page.locator("h1")).to_have_text("Nhập nhiệm vụ từ bảng theo dõi")

    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "theo-doi-2025.xlsx",
                "mimeType": XLSX,
                "buffer": _with_a_bad_row(),
            }
        ],
    )
    page.get_by_role("button", name="Kiểm tra tệp (chạy thử)").click()
    expect(page.locator("#summary-title")).to_have_text(
        "Kiểm tra thử: việc nhập sẽ làm gì"
    )
    expect(page.locator(".import-errors")).to_contain_text("Sở Du lịch")
    screenshot(page, "import-dry-run")
    assert not Task.objects.exists()

    page.goto("/nhap-lieu/")
    page.set_input_files(
        "#id_file",
        files=[
            {"name": "theo-doi-2025.xlsx", "mimeType": XLSX, "buffer": legacy_file()}
        ],
    )
    page.get_by_role("button", name="Kiểm tra tệp (chạy thử)").click()
    page.get_by_role("button", name="Nhập 6 nhiệm vụ").click()
    expect(page.locator(".messages")).to_contain_text("Đã nhập 6 nhiệm vụ")
    assert Task.objects.filter(state=Task.State.CONFIRMED_DONE).count() == 1


def _message_of_today() -> bytes:
    today = timezone.localdate()
    issued = today - timedelta(days=3)
    due = today + timedelta(days=20)
    later = today + timedelta(days=35)
    lines = (
        "ỦY BAN NHÂN DÂN",
        "TỈNH AN GIANG",
        "Số: 245/UBND-KT",
        f"An Giang, ngày {issued.day} tháng {issued.month} năm {issued.year}",
        "V/v triển khai quyết toán vốn đầu tư công",
        "Kính gửi:",
        "- Sở Tài chính;",
        "- Sở Nội vụ.",
        "Chủ tịch UBND tỉnh có ý kiến chỉ đạo như sau:",
        "1. Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ tổng hợp tình hình "
        f"quyết toán vốn đầu tư công, báo cáo UBND tỉnh trước ngày {due:%d/%m/%Y}.",
        "2. Sở Nội vụ rà soát biên chế các ban quản lý dự án, báo cáo UBND tỉnh "
        f"trước ngày {later:%d/%m/%Y}.",
        "Nơi nhận:",
        "- Như trên;",
        "- Lưu: VT.",
    )
    return Message(
        promulgated=issued.strftime("%Y/%m/%d"),
        document_id=f"000.00.00.H41,{issued:%Y/%m/%d},245/UBND-KT",
        files=[File("245-UBND-KT.docx", directive_docx(lines))],
    ).build()


def test_a_directive_from_the_document_system_is_reviewed_and_confirmed(
    page: Page, office
) -> None:
    sign_in(page, "vp.chuyenvien", PASSWORD)
    # On the new-directive page itself.
    page.goto("/van-ban/tao/")
    page.set_input_files(
        "#id_edxml_file",
        files=[
            {
                "name": "245-UBND-KT.edxml",
                "mimeType": "application/xml",
                "buffer": _message_of_today(),
            }
        ],
    )
    page.get_by_role("button", name="Nhận từ hệ thống quản lý văn bản (edXML)").click()
    expect(page.locator("#edxml-title")).to_have_text(
        "Từ hệ thống quản lý văn bản (edXML)"
    )
    expect(page.locator("#id_directive-number")).to_have_value("245/UBND-KT")
    expect(page.locator("#id_directive-signer")).to_have_value(
        "Phó Chủ tịch Lê Văn Hòa"
    )
    expect(page.locator(".review-row")).to_have_count(2)
    screenshot(page, "edxml-review")
    assert not Directive.objects.exists()

    page.get_by_role(
        "button", name="Xác nhận: tạo văn bản chỉ đạo và các nhiệm vụ (dự thảo)"
    ).click()
    expect(page.locator("h1")).to_have_text("Công văn 245/UBND-KT")
    directive = Directive.objects.get()
    assert directive.source == Directive.Source.EDXML
    assert directive.tasks.count() >= 2
    expect(page.locator("body")).to_contain_text(directive.document_id)
