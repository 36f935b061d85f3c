"""Printed pages: a Print button, and a header with who, when and which filters."""

import pytest
from django.urls import reverse

from chidao.tasks.tests.factories import TaskFactory


@pytest.mark.django_db
def test_lists_task_pages_and_reports_offer_print(
    client: object, vp_lanhdao: object, stc: object
) -> None:
    task = TaskFactory(lead_agency=stc)
    client.force_login(vp_lanhdao)
    for url in (
        reverse("tasks:list"),
        reverse("directives:list"),
        task.get_absolute_url(),
        reverse("tasks:my_work"),
        reverse("reports:dashboard"),
    ):
        page = client.get(url).content.decode()
        assert "data-print>In</button>" in page, url
        assert 'class="print-header"' in page


@pytest.mark.django_db
def test_the_printed_header_names_the_agency_and_the_filters(
    client: object, vp_chuyenvien: object, stc: object
) -> None:
    client.force_login(vp_chuyenvien)
    url = reverse("tasks:list") + f"?agency={stc.pk}&deadline_from=01/11/2026"
    header = client.get(url).content.decode().split('class="print-header">', 1)[1]
    header = header.split("</div>", 1)[0]
    assert "<strong>Văn phòng" in header and "In ngày" in header
    assert "Bộ lọc:" in header
    assert "Thời hạn từ ngày: 01/11/2026" in header
    assert "Sở Tài chính" in header
