"""What every form shares (issue 16): no browser bubbles, one error summary."""

import re
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

CHIDAO = Path(__file__).resolve().parents[1] / "chidao"


def test_every_form_leaves_validation_to_the_server() -> None:
    """`novalidate`: the browser's own "Please fill out this field." never shows."""
    missing = []
    for template in CHIDAO.rglob("templates/**/*.html"):
        for tag in re.findall(r"<form\b[^>]*>", template.read_text(), flags=re.S):
            if "novalidate" not in tag:
                missing.append(f"{template.relative_to(CHIDAO)}: {tag[:60]}")
    assert missing == []


@pytest.mark.django_db
def test_a_refused_directive_lists_each_error_with_a_link_to_its_field(
    client: object, vp_chuyenvien: object, stc: object
) -> None:
    client.force_login(vp_chuyenvien)
    data = {
        "classification": "thuong",
        "kind": "cong_van",
        "number": "2345/UBND-KT",
        "issued_on": "2/13/2026",
        "summary": "",
        "signer": "Lê Văn Phước",
        "tasks-TOTAL_FORMS": "1",
        "tasks-INITIAL_FORMS": "0",
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "60",
        "tasks-0-content": "Rà soát kế hoạch vốn",
        "tasks-0-lead_agency": str(stc.pk),
        "tasks-0-kind": "deadline_report",
        "tasks-0-deadline": "ngày mai",
        "save": "1",
    }
    with time_machine.travel(date(2026, 11, 28), tick=False):
        page = client.post(reverse("directives:create"), data).content.decode()
    summary = page.split("data-error-summary>", 1)[1].split("</div>", 1)[0]
    assert 'role="alert"' in page.split("data-error-summary>", 1)[0][-120:]
    assert "Cần sửa 3 mục trước khi lưu:" in summary
    assert '<a href="#id_issued_on">Ngày ban hành: 2/13/2026 không phải' in summary
    assert 'href="#id_summary"' in summary
    assert (
        '<a href="#id_tasks-0-deadline">Nhiệm vụ 1: Thời hạn: Nhập ngày theo dạng'
        in summary
    )
    # Nothing typed is lost.
    assert 'value="2/13/2026"' in page and 'value="ngày mai"' in page


@pytest.mark.django_db
def test_each_language_is_named_in_itself(
    client: object, vp_chuyenvien: object
) -> None:
    client.force_login(vp_chuyenvien)
    page = client.get(reverse("tasks:my_work")).content.decode()
    assert 'lang="en" class="linklike">English</button>' in page
    assert "Tiếng Anh" not in page
