"""The attachments panel that task and directive pages include."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from chidao.attachments.models import Attachment
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import TaskFactory

from .factories import AttachmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(stc):  # noqa: ANN001, ANN201
    return TaskFactory(lead_agency=stc, state=Task.State.ACCEPTED)


def render(task, user) -> str:  # noqa: ANN001
    request = RequestFactory().get(f"/nhiem-vu/{task.pk}/")
    request.user = user
    return render_to_string(
        "attachments/_panel.html",
        {"parent": task, "kind": "task", "user": user},
        request=request,
    )


def test_files_show_their_state_and_only_clean_ones_link(task, stc_chuyenvien):
    clean = AttachmentFactory(parent=task, original_name="Báo cáo.pdf")
    AttachmentFactory(
        parent=task,
        original_name="chờ.pdf",
        status=Attachment.Status.SCAN_ERROR,
        uploaded_by=stc_chuyenvien,
    )
    AttachmentFactory(
        parent=task,
        original_name="độc.pdf",
        status=Attachment.Status.INFECTED,
        reason="Malware found: the EICAR test signature.",
        uploaded_by=stc_chuyenvien,
    )
    html = render(task, stc_chuyenvien)
    assert f'href="/tep/{clean.pk}/"' in html
    assert html.count('href="/tep/') == 1
    assert "Waiting for scan" in html
    assert "Blocked" in html and "EICAR" in html
    assert 'enctype="multipart/form-data"' in html
    assert '<label for="tep-task-' in html


def test_others_see_only_clean_files_and_no_form_when_they_may_not_attach(
    task, stc_chuyenvien, chutich
):
    AttachmentFactory(parent=task, original_name="sạch.pdf")
    AttachmentFactory(
        parent=task,
        original_name="độc.pdf",
        status=Attachment.Status.INFECTED,
        uploaded_by=stc_chuyenvien,
    )
    html = render(task, chutich)
    assert "sạch.pdf" in html
    assert "độc.pdf" not in html
    assert "<form" not in html


def test_the_office_sees_blocked_files_of_others(task, vp_chuyenvien, stc_chuyenvien):
    AttachmentFactory(
        parent=task,
        original_name="độc.pdf",
        status=Attachment.Status.REJECTED,
        uploaded_by=stc_chuyenvien,
    )
    assert "độc.pdf" in render(task, vp_chuyenvien)


def test_the_panel_takes_one_query_for_its_rows(
    task, stc_chuyenvien, django_assert_max_num_queries
):
    for n in range(5):
        AttachmentFactory(parent=task, original_name=f"{n}.pdf")
    render(task, stc_chuyenvien)  # warm the content type and role caches
    with django_assert_max_num_queries(3):
        render(task, stc_chuyenvien)


def test_the_task_page_includes_the_panel(client, task, stc_chuyenvien):
    AttachmentFactory(parent=task, original_name="Báo cáo.pdf")
    client.force_login(stc_chuyenvien)
    html = client.get(task.get_absolute_url()).content.decode()
    assert 'class="attachments-panel"' in html
    assert "Báo cáo.pdf" in html
    assert reverse("attachments:upload", args=["task", task.pk]) in html
