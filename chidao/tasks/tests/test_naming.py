"""A task is named by its directive and the start of its content (issue 16)."""

from django.urls import reverse

from chidao.tasks.naming import task_title
from chidao.tasks.tests.factories import DirectiveFactory, TaskFactory


def test_the_name_is_the_directive_number_and_the_start_of_the_content(
    db: None,
) -> None:
    task = TaskFactory(
        directive=DirectiveFactory(number="312/TB-VP"),
        content="Kiểm tra, xử lý vi phạm trong kinh doanh xăng dầu trên địa bàn tỉnh, "
        "báo cáo kết quả về UBND tỉnh trước ngày 31/12/2026.",
    )
    assert task_title(task, 40) == "312/TB-VP · Kiểm tra, xử lý vi phạm trong kinh…"
    assert task_title(TaskFactory(content="Ngắn gọn.")).endswith(" · Ngắn gọn.")


def test_pages_and_breadcrumbs_use_it_never_the_id(
    client: object, vp_chuyenvien: object, stc: object
) -> None:
    task = TaskFactory(
        lead_agency=stc,
        directive=DirectiveFactory(number="05/CĐ-UBND"),
        content="Vận hành các công trình thủy lợi",
    )
    client.force_login(vp_chuyenvien)
    for url in (task.get_absolute_url(), reverse("tasks:edit", args=[task.pk])):
        page = client.get(url).content.decode()
        assert "05/CĐ-UBND · Vận hành các công trình thủy lợi" in page
        assert f"#{task.pk}" not in page
