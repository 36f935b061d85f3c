"""Admins are warned when scanning cannot happen (Art. 11: nothing unscanned)."""

from pathlib import Path

import pytest
from django.template import Context, Template

from chidao.attachments.models import Attachment
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import TaskFactory

from .factories import AttachmentFactory

pytestmark = pytest.mark.django_db

TEMPLATE = Template('{% include "attachments/_scanner_warning.html" %}')


def render(user) -> str:  # noqa: ANN001
    return TEMPLATE.render(Context({"user": user}))


def test_admins_see_that_clamav_is_unreachable(settings, tmp_path: Path, admin_user):
    settings.CLAMAV_SOCKET = str(tmp_path / "gone.sock")
    html = render(admin_user)
    assert "Virus scanning needs attention" in html
    assert "cannot be reached" in html


def test_admins_see_files_waiting_in_quarantine(admin_user, stc):
    task = TaskFactory(lead_agency=stc, state=Task.State.ACCEPTED)
    AttachmentFactory(parent=task, status=Attachment.Status.SCAN_ERROR)
    assert "1 file(s) are waiting" in render(admin_user)


def test_other_users_never_see_it(settings, tmp_path: Path, stc_chuyenvien):
    settings.CLAMAV_SOCKET = str(tmp_path / "gone.sock")
    assert "Virus scanning" not in render(stc_chuyenvien)


def test_nothing_shows_when_all_is_well(admin_user):
    assert render(admin_user).strip() == ""


def test_every_page_shows_it_to_admins(client, settings, tmp_path: Path, admin_user):
    settings.CLAMAV_SOCKET = str(tmp_path / "gone.sock")
    client.force_login(admin_user)
    response = client.get("/", follow=True)
    assert "Virus scanning needs attention" in response.content.decode()
